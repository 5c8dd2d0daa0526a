import { exponentOf, pow10 } from "./_exponent.ts";
import { MoneyError } from "./money_error.ts";
import { quote } from "./_quote.ts";

/** An amount of money: integer minor units (cents, fils, yen) of an ISO 4217 currency. */
export interface Money {
  /** The amount in minor units of `currency`; never a float. */
  readonly minor: bigint;
  /** The ISO 4217 code, upper case. */
  readonly currency: string;
}

/** The most digits an amount may have once expressed in minor units (API contract). */
export const MAX_MINOR_DIGITS = 15;

const LIMIT = pow10(MAX_MINOR_DIGITS);

// Strict on purpose: no sign "+", no ".5", no "5.", no exponent, no
// whitespace, ASCII digits only. Leading zeros ("007.50") are accepted.
const AMOUNT = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

/**
 * Parses a decimal string into minor units of `currency`.
 *
 * Accepts an optional "-", ASCII digits and an optional "." followed by 1 to
 * exponent digits ("12", "12.3", "12.30" for EUR; "1000" for JPY; "1.234" for
 * BHD). Errors (`MoneyError`, carrying `path`): `money.unknown_currency`,
 * `money.invalid_amount`, `money.too_many_decimals`, `money.too_large` (more
 * than {@linkcode MAX_MINOR_DIGITS} digits of minor units). Zero and negative
 * amounts parse; use {@linkcode requirePositive} where the operation needs more.
 *
 * @example
 * ```ts
 * parseAmount("12.3", "EUR"); // 1230n
 * parseAmount("1000", "JPY"); // 1000n
 * parseAmount("1.5", "JPY"); // throws money.too_many_decimals
 * ```
 */
export function parseAmount(amount: string, currency: string, path?: string): bigint {
  const exponent = exponentOf(currency, path);
  if (typeof amount !== "string") {
    throw new MoneyError("money.invalid_amount", "amount must be a decimal string", path);
  }
  const match = AMOUNT.exec(amount);
  if (match === null) {
    throw new MoneyError(
      "money.invalid_amount",
      `amount ${quote(amount)} is not a decimal number like "12.34"`,
      path,
    );
  }
  const [, sign, whole, fraction = ""] = match;
  if (fraction.length > exponent) {
    throw new MoneyError(
      "money.too_many_decimals",
      `amount ${quote(amount)} has more decimal places than ${currency} allows (${exponent})`,
      path,
    );
  }
  const magnitude = BigInt(whole + fraction.padEnd(exponent, "0"));
  if (magnitude >= LIMIT) {
    throw new MoneyError(
      "money.too_large",
      `amount ${quote(amount)} is too large (more than ${MAX_MINOR_DIGITS} digits of minor units)`,
      path,
    );
  }
  return sign === "-" ? -magnitude : magnitude;
}

/**
 * Parses the API's money object `{ amount, currency }` (see {@linkcode parseAmount}).
 *
 * @example
 * ```ts
 * parseMoney({ amount: "90.00", currency: "EUR" }); // { minor: 9000n, currency: "EUR" }
 * ```
 */
export function parseMoney(input: { amount: string; currency: string }, path?: string): Money {
  return { minor: parseAmount(input.amount, input.currency, path), currency: input.currency };
}

/**
 * The canonical decimal string of `minor` units of `currency`, with exactly the
 * currency's number of decimals. Throws `money.unknown_currency`.
 *
 * @example
 * ```ts
 * formatAmount(1230n, "EUR"); // "12.30"
 * formatAmount(-5n, "EUR"); // "-0.05"
 * formatAmount(1000n, "JPY"); // "1000"
 * ```
 */
export function formatAmount(minor: bigint, currency: string): string {
  const exponent = exponentOf(currency);
  const sign = minor < 0n ? "-" : "";
  const digits = (minor < 0n ? -minor : minor).toString().padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  const cut = digits.length - exponent;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/**
 * The API's money object for `m`, amount in canonical form.
 *
 * @example
 * ```ts
 * formatMoney({ minor: 1234n, currency: "BHD" }); // { amount: "1.234", currency: "BHD" }
 * ```
 */
export function formatMoney(m: Money): { amount: string; currency: string } {
  return { amount: formatAmount(m.minor, m.currency), currency: m.currency };
}

/**
 * Returns `m` if its amount is greater than zero, else throws
 * `money.not_positive` (carrying `path`).
 */
export function requirePositive(m: Money, path?: string): Money {
  if (m.minor > 0n) return m;
  throw new MoneyError(
    "money.not_positive",
    `amount ${quote(formatAmount(m.minor, m.currency))} must be greater than zero`,
    path,
  );
}
