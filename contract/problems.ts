/**
 * The problem codes of Kopek's API, each with the HTTP status(es) it comes
 * with: the one list that the route table, the OpenAPI document and
 * docs/api.md ("Error types") are checked against. A code ending in `.*`
 * names a family of 422s (`money.unknown_currency`, `money.too_many_decimals`,
 * …). `problems_test.ts` checks that every code the services' source names
 * is here, with its status.
 *
 * @module
 */

/** Every problem code, with the statuses it answers. */
export const PROBLEM_CODES = {
  malformed: [400],
  unauthenticated: [401],
  bad_credentials: [401, 403],
  invalid_refresh_token: [401],
  refresh_token_reused: [401],
  // A guest's link no longer works (revoked, expired, claimed), or a token that names none.
  guest_link_revoked: [401],
  forbidden: [403],
  // A guest on a route of an account, of another group, or that manages the group (ADR 0059).
  guest_forbidden: [403],
  not_found: [404],
  "email.disabled": [404],
  "telegram.not_linked": [404],
  request_timeout: [408],
  upload_timeout: [408],
  duplicate_id: [409],
  version_conflict: [409],
  "member.balance_not_zero": [409],
  "member.user_exists": [409],
  "member.exists": [409],
  "member.inactive": [409],
  "member.owner": [409],
  "member.placeholder_owner": [409],
  "member.owner_role": [409, 422],
  "group.currency_locked": [409],
  "group.exists": [409],
  "user.email_taken": [409],
  "invite.used": [409],
  "invite.exists": [409],
  "invite.member_taken": [409],
  "invite.not_placeholder": [409],
  "guest_link.not_placeholder": [409],
  "guest_link.limit": [409],
  "guest_link.already_member": [409],
  "expense.voided": [409],
  "attachment.exists": [409],
  "attachment.limit": [409],
  "attachment.too_large": [413],
  "attachment.unsupported_type": [415],
  "attachment.image_too_large": [422],
  "expense.exists": [409],
  "settlement.voided": [409],
  "settlement.exists": [409],
  "comment.exists": [409],
  "category.exists": [409],
  "category.name_taken": [409],
  "category.too_many": [409],
  "recurrence.exists": [409],
  "recurrence.too_many": [409],
  "recurrence.stopped": [409],
  "recurrence.past": [409],
  "recurrence.too_many_skips": [409],
  // The scheduler's own command (never an HTTP route's): the occurrence is not the next, not due,
  // the recurrence is paused or has ended.
  "recurrence.not_next": [409],
  "recurrence.not_due": [409],
  "recurrence.paused": [409],
  "recurrence.ended": [409],
  "account.owns_group": [409],
  "push.too_many": [409],
  "telegram.code_used": [409],
  "telegram.linked_elsewhere": [409],
  "telegram.already_linked": [409],
  "invite.expired": [410],
  "invite.revoked": [410],
  "invite.dead": [410],
  "password_reset.invalid": [410],
  "telegram.code_expired": [410],
  "version.stale": [412],
  too_large: [413],
  unsupported_media_type: [415],
  validation: [422],
  "push.endpoint_refused": [422],
  "money.*": [422],
  "split.*": [422],
  "items.*": [422],
  "paid_by.sum": [422],
  "fx.*": [422],
  "ledger.*": [422],
  "allocation.*": [422],
  "expense.id_mismatch": [422],
  "settlement.id_mismatch": [422],
  "settlement.same_member": [422],
  "recurrence.start_range": [422],
  "recurrence.empty": [422],
  "recurrence.not_an_occurrence": [422],
  "member.duplicate": [422],
  "member.unknown": [422],
  "category.unknown": [422],
  "category.removed": [422],
  "rates.*": [422],
  "dump.*": [422],
  "csv.*": [422],
  rate_limited: [429],
  too_many_imports: [429],
  too_many_streams: [429],
  headers_too_large: [431],
  internal: [500],
  "import.failed": [500],
  database_unavailable: [503],
  storage_full: [503],
  "push.disabled": [503],
  position_not_reached: [503],
  group_unavailable: [503],
  server_busy: [503],
  shutting_down: [503],
  unavailable: [503],
} as const satisfies Record<string, readonly number[]>;

/** A problem code of {@linkcode PROBLEM_CODES}. */
export type ProblemCode = keyof typeof PROBLEM_CODES;

/** The statuses a problem code comes with. */
export function statusesOf(code: ProblemCode): readonly number[] {
  return PROBLEM_CODES[code];
}

/** The problem codes that answer with `status`. */
export function codesWithStatus(status: number): ProblemCode[] {
  return (Object.keys(PROBLEM_CODES) as ProblemCode[]).filter((c) =>
    (PROBLEM_CODES[c] as readonly number[]).includes(status)
  );
}

/** The `type` URI of a problem code. */
export function problemType(code: string): string {
  return `https://kopek.dev/problems/${code}`;
}
