/**
 * The longest text each field takes, as the server's `domain/shared/limits.ts`
 * says (a test checks both agree), in UTF-16 code units as `length` counts.
 * Longer text is never cut: the form says so and keeps it, and nothing is
 * sent until it fits.
 *
 * @module
 */
export const TEXT_LIMITS = {
  description: 200,
  note: 2000,
  groupName: 120,
  memberName: 120,
  displayName: 120,
  comment: 1000,
  categoryName: 40,
} as const;

/** From which share of its limit a field shows its counter. */
export const COUNTER_FROM = 0.8;

const count = new Intl.NumberFormat("en");

/** The counter's text: "1,950 / 2,000", or with how many characters too many. */
export function counterText(length: number, max: number): string {
  const base = `${count.format(length)} / ${count.format(max)}`;
  return length > max ? `${base}: ${count.format(length - max)} too many` : base;
}

/** Whether a field of this length shows its counter. */
export function showCounter(length: number, max: number): boolean {
  return length >= Math.floor(max * COUNTER_FROM);
}

/**
 * The message for text over its limit (`what`: "The note"), or "" when it fits.
 */
export function tooLong(what: string, length: number, max: number): string {
  if (length <= max) return "";
  return `${what} is ${count.format(length)} characters long; it can be at most ${count.format(max)}. ` +
    `Shorten it by ${count.format(length - max)} to save (nothing was cut).`;
}
