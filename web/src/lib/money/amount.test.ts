import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyExponent, formatAmount, normaliseAmountInput, parseUserAmount } from "./mod.ts";

describe("normaliseAmountInput() in the locale's format", () => {
  it("reads German and Spanish amounts: decimal comma, dot groups", () => {
    for (const locale of ["de", "es"]) {
      expect(normaliseAmountInput("1.234,56", locale)).toBe("1234.56");
      expect(normaliseAmountInput("12,50", locale)).toBe("12.50");
      expect(normaliseAmountInput("1.234", locale)).toBe("1234");
      expect(normaliseAmountInput("1.234.567,8", locale)).toBe("1234567.8");
      expect(normaliseAmountInput("1 234,5", locale)).toBe("1234.5");
    }
    expect(parseUserAmount("12,50", "EUR", undefined, "de")).toBe(1250n);
    expect(parseUserAmount("1.234,56", "EUR", undefined, "de")).toBe(123456n);
  });

  it("reads English amounts: decimal dot, comma groups", () => {
    expect(normaliseAmountInput("1,234.56", "en")).toBe("1234.56");
    expect(normaliseAmountInput("1,234", "en")).toBe("1234");
    expect(normaliseAmountInput("1,234,567", "en")).toBe("1234567");
    expect(parseUserAmount("1,234.56", "EUR", undefined, "en")).toBe(123456n);
  });

  it("reads a lone separator that cannot be a group as the decimal point, in every locale", () => {
    expect(normaliseAmountInput("12,50", "en")).toBe("12.50");
    expect(normaliseAmountInput("12.5", "de")).toBe("12.5");
    expect(normaliseAmountInput("−3,5", "de")).toBe("-3.5");
  });
});

describe("parseUserAmount() reads what Intl writes (property)", () => {
  const currencies = ["EUR", "JPY", "BHD"];
  it("round-trips any amount formatted for en, es and de, grouped or not", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.constantFrom("en", "es", "de", "en-US", "de-DE", "es-ES"),
        fc.constantFrom(...currencies),
        fc.boolean(),
        (minor, locale, currency, grouping) => {
          const digits = currencyExponent(currency)!;
          const text = new Intl.NumberFormat(locale, {
            minimumFractionDigits: digits,
            maximumFractionDigits: digits,
            useGrouping: grouping,
          }).format(formatAmount(minor, currency) as unknown as number);
          expect(parseUserAmount(text, currency, undefined, locale)).toBe(minor);
        },
      ),
      { numRuns: 500 },
    );
  });
});
