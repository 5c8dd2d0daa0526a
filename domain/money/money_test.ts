import assert from "node:assert/strict";
import fc from "fast-check";
import { currencyCodes, currencyExponent } from "./currency.ts";
import {
  formatAmount,
  formatMoney,
  MAX_MINOR_DIGITS,
  parseAmount,
  parseMoney,
  requirePositive,
} from "./money.ts";
import { MoneyError } from "./money_error.ts";

function throwsCode(fn: () => unknown, code: string, path?: string): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof MoneyError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.path, path);
    assert.doesNotMatch(error.message, /\.$/);
    assert.match(error.message, /^[a-z]/);
    return true;
  });
}

const LIMIT = 10n ** BigInt(MAX_MINOR_DIGITS);

Deno.test("parseAmount() reads decimal strings into minor units", () => {
  assert.equal(parseAmount("12", "EUR"), 1200n);
  assert.equal(parseAmount("12.3", "EUR"), 1230n);
  assert.equal(parseAmount("12.30", "EUR"), 1230n);
  assert.equal(parseAmount("-0.05", "EUR"), -5n);
  assert.equal(parseAmount("0", "EUR"), 0n);
  assert.equal(parseAmount("007.50", "EUR"), 750n);
  assert.equal(parseAmount("1000", "JPY"), 1000n);
  assert.equal(parseAmount("1.234", "BHD"), 1234n);
  assert.equal(parseAmount("0.5", "KWD"), 500n);
  assert.equal(parseAmount("0.0001", "CLF"), 1n);
});

Deno.test("parseAmount() rejects anything but a plain decimal", () => {
  const bad = [
    "",
    " ",
    " 1",
    "1 ",
    "+1",
    "--1",
    "1e3",
    "1E3",
    ".5",
    "5.",
    "1.2.3",
    "1,00",
    "1_000",
    "0x10",
    "Infinity",
    "NaN",
    "١٢",
    "１２",
    "12\n",
  ];
  for (const amount of bad) {
    throwsCode(() => parseAmount(amount, "EUR", "total"), "money.invalid_amount", "total");
  }
  throwsCode(() => parseAmount("1000.", "JPY"), "money.invalid_amount");
  throwsCode(() => parseAmount(12 as unknown as string, "EUR"), "money.invalid_amount");
});

Deno.test("parseAmount() rejects more decimals than the currency has", () => {
  assert.throws(() => parseAmount("12.345", "EUR", "total"), {
    name: "MoneyError",
    code: "money.too_many_decimals",
    path: "total",
    message: 'amount "12.345" has more decimal places than EUR allows (2)',
  });
  throwsCode(() => parseAmount("1.5", "JPY"), "money.too_many_decimals");
  throwsCode(() => parseAmount("1.0", "JPY"), "money.too_many_decimals");
  throwsCode(() => parseAmount("1.2345", "BHD"), "money.too_many_decimals");
  throwsCode(() => parseAmount("12.300", "EUR"), "money.too_many_decimals");
});

Deno.test("parseAmount() rejects unknown currencies", () => {
  for (const currency of ["ABC", "eur", "", "XAU", "XDR"]) {
    throwsCode(
      () => parseAmount("1", currency, "total.currency"),
      "money.unknown_currency",
      "total.currency",
    );
  }
});

Deno.test("parseAmount() allows at most 15 digits of minor units", () => {
  assert.equal(parseAmount("9999999999999.99", "EUR"), LIMIT - 1n);
  assert.equal(parseAmount("-9999999999999.99", "EUR"), 1n - LIMIT);
  assert.equal(parseAmount("999999999999999", "JPY"), LIMIT - 1n);
  assert.equal(parseAmount("000000000000000001", "JPY"), 1n);
  assert.equal(parseAmount("0.000", "BHD"), 0n);
  throwsCode(() => parseAmount("10000000000000.00", "EUR"), "money.too_large");
  throwsCode(() => parseAmount("10000000000000", "EUR"), "money.too_large");
  throwsCode(() => parseAmount("-1000000000000000", "JPY"), "money.too_large");
  throwsCode(() => parseAmount("1000000000000", "BHD"), "money.too_large");
});

Deno.test("parseMoney() reads the API's money object", () => {
  assert.deepEqual(parseMoney({ amount: "90.00", currency: "EUR" }), {
    minor: 9000n,
    currency: "EUR",
  });
  throwsCode(
    () => parseMoney({ amount: "1.5", currency: "JPY" }, "total"),
    "money.too_many_decimals",
    "total",
  );
});

Deno.test("formatAmount() writes exactly the currency's decimals", () => {
  assert.equal(formatAmount(1230n, "EUR"), "12.30");
  assert.equal(formatAmount(-5n, "EUR"), "-0.05");
  assert.equal(formatAmount(0n, "EUR"), "0.00");
  assert.equal(formatAmount(1000n, "JPY"), "1000");
  assert.equal(formatAmount(-1000n, "JPY"), "-1000");
  assert.equal(formatAmount(1234n, "BHD"), "1.234");
  assert.equal(formatAmount(5n, "KWD"), "0.005");
  assert.equal(formatAmount(1n, "CLF"), "0.0001");
  assert.equal(formatAmount(LIMIT - 1n, "EUR"), "9999999999999.99");
  throwsCode(() => formatAmount(1n, "XAU"), "money.unknown_currency");
});

Deno.test("formatMoney() writes the API's money object", () => {
  assert.deepEqual(formatMoney({ minor: 1234n, currency: "BHD" }), {
    amount: "1.234",
    currency: "BHD",
  });
});

Deno.test("requirePositive() accepts only amounts above zero", () => {
  const m = { minor: 1n, currency: "EUR" };
  assert.equal(requirePositive(m), m);
  throwsCode(
    () => requirePositive({ minor: 0n, currency: "EUR" }, "total"),
    "money.not_positive",
    "total",
  );
  assert.throws(() => requirePositive({ minor: -500n, currency: "EUR" }), {
    code: "money.not_positive",
    message: 'amount "-5.00" must be greater than zero',
  });
});

const minor = fc.bigInt({ min: 1n - LIMIT, max: LIMIT - 1n });

Deno.test("formatAmount() and parseAmount() round-trip for JPY, EUR, BHD, KWD and CLF", () => {
  for (const currency of ["JPY", "EUR", "BHD", "KWD", "CLF"]) {
    fc.assert(
      fc.property(minor, (value) => {
        const text = formatAmount(value, currency);
        assert.equal(parseAmount(text, currency), value);
        assert.equal(text.split(".")[1]?.length ?? 0, currencyExponent(currency));
      }),
      { numRuns: 500 },
    );
  }
});

Deno.test("formatAmount() and parseAmount() round-trip for every currency", () => {
  fc.assert(
    fc.property(fc.constantFrom(...currencyCodes()), minor, (currency, value) => {
      const m = { minor: value, currency };
      assert.deepEqual(parseMoney(formatMoney(m)), m);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("parseAmount() pads short fractions with zeros", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("EUR", "BHD", "KWD", "CLF"),
      fc.bigInt({ min: 0n, max: 99999999999n }),
      fc.stringMatching(/^[0-9]{1,4}$/),
      fc.boolean(),
      (currency, whole, fraction, negative) => {
        const exponent = currencyExponent(currency)!;
        fc.pre(fraction.length <= exponent);
        const text = `${negative ? "-" : ""}${whole}.${fraction}`;
        const scaled = whole * 10n ** BigInt(exponent) +
          BigInt(fraction) * 10n ** BigInt(exponent - fraction.length);
        assert.equal(parseAmount(text, currency), negative ? -scaled : scaled);
      },
    ),
  );
});
