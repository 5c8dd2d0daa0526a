/**
 * The expense categories, as a plain list: the server's schemas
 * (`schemas.ts`), the bot and the PWA all use this one. No imports, so the PWA
 * can bundle it.
 *
 * @module
 */

/** Expense categories (the bot and the PWA use the same list). */
export const CATEGORIES = [
  "food",
  "groceries",
  "transport",
  "lodging",
  "entertainment",
  "shopping",
  "utilities",
  "rent",
  "health",
  "gifts",
  "other",
] as const;
