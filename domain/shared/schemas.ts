/**
 * Building blocks shared by command and event schemas: ids, dates, money as
 * decimal strings, categories, roles.
 *
 * @module
 */
import { z } from "zod";
import { CATEGORIES } from "./categories.ts";

/** A UUID of any version, normalised to lower case so that one id names one stream. */
export const Id = z.uuid({ error: "must be a UUID" }).transform((s) => s.toLowerCase());

/** An instant (`asOf`, `--until`): an RFC 3339 date-time with an offset. */
export const Instant = z.iso.datetime({ offset: true, error: "must be an RFC 3339 date-time" });

/**
 * A calendar date `YYYY-MM-DD` that exists, as events hold it. Event schemas
 * stay as lenient as they were when the events were written, so that every
 * stored event still loads; commands use {@linkcode InputDate}.
 */
export const CalendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {
  error: "must be a date YYYY-MM-DD",
}).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}, { error: "must be a real calendar date" });

/**
 * A calendar date a command may carry: a {@linkcode CalendarDate} from year
 * 0001 on. The calendar has no year 0, and neither has PostgreSQL's `date`,
 * which the read models store it in.
 */
export const InputDate = CalendarDate.refine((s) => !s.startsWith("0000"), {
  error: "must be a date from 0001-01-01 on (there is no year 0)",
});

/** An ISO 4217 code as written (validated against the table by the money parser). */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, {
  error: "must be an ISO 4217 currency code",
});

/** A decimal amount string; its digits are checked against the currency later. */
export const AmountString = z.string({ error: "must be a decimal string, not a number" })
  .max(40, { error: "is too long" });

/** Money as it travels: `{ amount: "12.34", currency: "EUR" }`. */
export const MoneyInput = z.strictObject({ amount: AmountString, currency: CurrencyCode });
/** Money as it travels. */
export type MoneyInput = z.infer<typeof MoneyInput>;

// Text with a lone surrogate has no UTF-8 form: nothing downstream (jsonb, UTF-8) can store it.
const LONE_SURROGATE = "must be valid Unicode (it holds a lone surrogate)";

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/** Trimmed, non-empty, bounded text without control characters. */
export function Text(max: number) {
  return z.string().trim().min(1, { error: "must not be empty" }).max(max, {
    error: `must be at most ${max} characters`,
  }).refine((s) => !hasControlCharacter(s), {
    error: "must not contain control characters",
  }).refine((s) => s.isWellFormed(), { error: LONE_SURROGATE });
}

/** Optional free text (a note): bounded, without control characters other than tab and newlines. */
export function FreeText(max: number) {
  return z.string().max(max, { error: `must be at most ${max} characters` }).refine(
    (s) => !hasControlCharacter(s),
    { error: "must not contain control characters" },
  ).refine((s) => s.isWellFormed(), { error: LONE_SURROGATE });
}

/**
 * Trimmed, non-empty, bounded text over several lines: no control characters
 * but the newline (a comment).
 */
export function MultilineText(max: number) {
  return z.string().trim().min(1, { error: "must not be empty" }).max(max, {
    error: `must be at most ${max} characters`,
  }).refine((s) => !/[\t\r]/.test(s) && !hasControlCharacter(s.replaceAll("\n", " ")), {
    error: "must not contain control characters other than newlines",
  }).refine((s) => s.isWellFormed(), { error: LONE_SURROGATE });
}

export { type BuiltInCategoryItem, builtInCategoryItems, CATEGORIES } from "./categories.ts";
/** One of {@linkcode CATEGORIES}. */
export const Category = z.enum(CATEGORIES, {
  error: `must be one of ${CATEGORIES.join(", ")}`,
});
/** One of {@linkcode CATEGORIES}. */
export type Category = z.infer<typeof Category>;

/**
 * What an expense's `category` holds: a built-in name ({@linkcode CATEGORIES})
 * or the id (a UUID) of a custom category of the group. A UUID never equals a
 * built-in name. Whether the id is one of the group's is the decider's check.
 */
export const CategoryKey = z.union([Category, Id], {
  error: `must be one of ${CATEGORIES.join(", ")} or the id of a category of the group`,
});
/** A built-in category name or a custom category's id. */
export type CategoryKey = z.infer<typeof CategoryKey>;

/** Whether a category key is a built-in category's name. */
export function isBuiltInCategory(key: string): key is Category {
  return (CATEGORIES as readonly string[]).includes(key);
}

/** Roles of a group, highest first. */
export const ROLES = ["owner", "admin", "member", "auditor", "viewer"] as const;
/** A role in a group. */
export const Role = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });
/** A role in a group. */
export type Role = z.infer<typeof Role>;
