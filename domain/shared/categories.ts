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

/** A built-in category as the group's category list shows it. */
export interface BuiltInCategoryItem {
  /** What an expense's `category` holds: the name itself. */
  key: (typeof CATEGORIES)[number];
  id: null;
  name: (typeof CATEGORIES)[number];
  icon: null;
  colour: null;
  builtIn: true;
  removed: false;
}

/**
 * The built-in categories as `GET /v1/groups/{g}/categories` lists them,
 * before the group's own (ADR 0053): keyed by their name, with no id, icon
 * or colour, never removed. The query API answers with these, and the PWA
 * shows them until it has a group's list. Fresh objects on every call.
 */
export function builtInCategoryItems(): BuiltInCategoryItem[] {
  return CATEGORIES.map((name) => ({
    key: name,
    id: null,
    name,
    icon: null,
    colour: null,
    builtIn: true,
    removed: false,
  }));
}
