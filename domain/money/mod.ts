/**
 * Kopek's money core: ISO 4217 currencies, exact decimal parsing and
 * formatting in integer minor units, largest-remainder allocation, percent
 * splits, exchange rates and half-even conversion. Pure: no I/O, no clock, no
 * floats. The rounding rules are those of API.md ("The rounding rules,
 * exactly"), so any client can recompute the same figures.
 *
 * @example
 * ```ts
 * import { allocate, formatAmount, parseAmount } from "./mod.ts";
 *
 * const total = parseAmount("10.00", "EUR"); // 1000n
 * allocate(total, [1n, 1n, 1n]).map((minor) => formatAmount(minor, "EUR"));
 * // ["3.34", "3.33", "3.33"]
 * ```
 *
 * @module
 */
export { MoneyError } from "./money_error.ts";
export { currencyCodes, currencyExponent, isCurrency } from "./currency.ts";
export {
  formatAmount,
  formatMoney,
  MAX_MINOR_DIGITS,
  type Money,
  parseAmount,
  parseMoney,
  requirePositive,
} from "./money.ts";
export { allocate } from "./allocate.ts";
export { adjustmentShares } from "./adjust.ts";
export { percentWeights } from "./percent.ts";
export { formatRate, MAX_RATE_DECIMALS, MAX_RATE_DIGITS, parseRate, type Rate } from "./rate.ts";
export { convert, deriveRate, roundHalfEven } from "./convert.ts";
