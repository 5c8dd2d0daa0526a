import { describe, expect, it } from "vitest";
import { formatDate, formatMoney, formatNumber, formatSigned } from "./format.ts";

describe("format.ts formats for the locale", () => {
  it("writes money with a decimal comma in German and Spanish", () => {
    const m = { amount: "1234.56", currency: "EUR" };
    expect(formatMoney(m, "de")).toBe("1.234,56\u00a0€");
    expect(formatMoney(m, "en")).toBe("€1,234.56");
    expect(formatMoney({ amount: "12345.6", currency: "EUR" }, "es")).toBe("12.345,60\u00a0€");
    expect(formatSigned({ amount: "-5", currency: "EUR" }, "de")).toBe("−5,00\u00a0€");
  });

  it("writes numbers and dates the locale's way", () => {
    expect(formatNumber(1234.5, {}, "de")).toBe("1.234,5");
    expect(formatNumber(1234.5, {}, "en")).toBe("1,234.5");
    expect(formatDate("2026-03-07", "de")).toBe("07.03.2026");
    expect(formatDate("2026-03-07", "en")).toBe("Mar 7, 2026");
    expect(formatDate("2026-03-07", "es")).toBe("7 mar 2026");
  });
});
