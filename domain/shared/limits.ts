/**
 * The longest text each command field takes, in UTF-16 code units (what
 * JavaScript's `length` and an HTML `maxlength` count). The command schemas
 * refuse longer text with a 422 `validation` naming the field; nothing is
 * ever cut. The PWA keeps the same table in `web/src/lib/limits.ts`, and a
 * test there checks that both agree. This file imports nothing, so that the
 * PWA's tests can read it.
 *
 * @module
 */
export const TEXT_LIMITS = {
  /** An expense's description. */
  description: 200,
  /** The note of an expense or a settlement. */
  note: 2000,
  /** A group's name. */
  groupName: 120,
  /** A member's name in a group. */
  memberName: 120,
  /** An account's display name. */
  displayName: 120,
  /** A comment on an expense. */
  comment: 1000,
  /** A group's custom category's name. */
  categoryName: 40,
} as const;
