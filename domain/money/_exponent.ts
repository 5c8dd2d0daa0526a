import { currencyExponent } from "./currency.ts";
import { MoneyError } from "./money_error.ts";
import { quote } from "./_quote.ts";

/** The minor-unit digits of `currency`, or a `money.unknown_currency` error. */
export function exponentOf(currency: string, path?: string): number {
  const exponent = typeof currency === "string" ? currencyExponent(currency) : undefined;
  if (exponent === undefined) {
    throw new MoneyError(
      "money.unknown_currency",
      `currency ${quote(currency)} is not an ISO 4217 code with a minor unit`,
      path,
    );
  }
  return exponent;
}

/** 10 to the power `n` as a bigint. */
export function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}
