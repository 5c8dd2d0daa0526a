import { describe, expect, it } from "vitest";
import { normaliseAmountInput } from "#lib/money/mod.ts";
import { typedAmount, typedDecimal } from "./typed_amount.ts";

describe("typedAmount / typedDecimal (prefilled amount fields)", () => {
  it("writes the API's decimal the locale's way, without grouping, with the currency's decimals", () => {
    expect(typedAmount("1234.5", "EUR", "en")).toBe("1234.50");
    expect(typedAmount("1234.5", "EUR", "de")).toBe("1234,50");
    expect(typedAmount("-12.50", "EUR", "es")).toBe("-12,50");
    expect(typedAmount("1000", "JPY", "de")).toBe("1000");
    expect(typedAmount("", "EUR", "de")).toBe("");
    expect(typedDecimal("1.0842", "de")).toBe("1,0842");
    expect(typedDecimal("33.333334", "en")).toBe("33.333334");
  });

  it("reads back as the same amount, even with three decimals (KWD) where '1.500' would be grouping in German", () => {
    for (const locale of ["en", "de", "es"]) {
      for (const [amount, currency] of [["1.500", "KWD"], ["0.01", "EUR"], ["123456789.99", "EUR"], ["7", "JPY"]]) {
        expect(normaliseAmountInput(typedAmount(amount, currency, locale), locale), `${amount} ${currency} ${locale}`).toBe(amount);
      }
    }
  });
});
