/**
 * IBAN checks (ISO 13616): the shape and the mod-97 check digits.
 *
 * @module
 */

/** An IBAN without spaces, upper case: what Kopek stores. */
export function normalizeIban(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}

const SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;

/**
 * Whether `iban` (normalized: no spaces, upper case) is well formed: a
 * country code, two check digits and 11–30 letters or digits (15–34 in all),
 * and the number (the first four characters moved to the end, letters as
 * 10–35) is 1 mod 97. The per-country length is not checked.
 *
 * @example
 * ```ts
 * isValidIban("DE89370400440532013000"); // true
 * isValidIban("DE89370400440532013001"); // false
 * ```
 */
export function isValidIban(iban: string): boolean {
  if (!SHAPE.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}
