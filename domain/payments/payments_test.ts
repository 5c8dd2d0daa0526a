import assert from "node:assert/strict";
import fc from "fast-check";
import { isValidIban, normalizeIban } from "./iban.ts";
import { EpcError, epcPayload } from "./epc.ts";
import { PaymentHandle, PaymentHandles } from "./handles.ts";
import { paymentOptions, paypalLink, revolutLink, upiLink } from "./links.ts";

Deno.test("isValidIban() checks the mod-97 check digits", () => {
  for (const iban of ["DE89370400440532013000", "GB82WEST12345698765432", "NL91ABNA0417164300"]) {
    assert.ok(isValidIban(iban), iban);
  }
  assert.ok(isValidIban(normalizeIban("de89 3704 0044 0532 0130 00")));
  assert.ok(!isValidIban("DE89370400440532013001"));
  assert.ok(!isValidIban("DE88370400440532013000"));
  assert.ok(!isValidIban("DE89"));
  assert.ok(!isValidIban("1E89370400440532013000"));
});

Deno.test("property: changing one digit of a valid IBAN breaks its check", () => {
  fc.assert(
    fc.property(fc.integer({ min: 4, max: 21 }), fc.integer({ min: 1, max: 9 }), (i, d) => {
      const iban = "DE89370400440532013000";
      const digit = (Number(iban[i]) + d) % 10;
      assert.ok(!isValidIban(iban.slice(0, i) + digit + iban.slice(i + 1)));
    }),
  );
});

Deno.test("epcPayload() writes the EPC069-12 lines", () => {
  assert.equal(
    epcPayload({
      name: "Franz Mustermänner",
      iban: "DE71110220330123456789",
      bic: "BHBLDEHHXXX",
      amount: 1230n,
      text: "Kopek: Trip",
    }),
    "BCD\n002\n1\nSCT\nBHBLDEHHXXX\nFranz Mustermänner\nDE71110220330123456789\nEUR12.30\n\n\nKopek: Trip",
  );
  assert.equal(
    epcPayload({ name: "Ana", iban: "DE89370400440532013000", bic: null, amount: 1n, text: "" }),
    "BCD\n002\n1\nSCT\n\nAna\nDE89370400440532013000\nEUR0.01",
  );
});

Deno.test("epcPayload() refuses what the guideline does not allow", () => {
  const ok = { name: "Ana", iban: "DE89370400440532013000", bic: null, amount: 100n, text: "" };
  assert.equal(epcPayload({ ...ok, amount: 99_999_999_999n }).split("\n")[7], "EUR999999999.99");
  for (
    const bad of [
      { ...ok, amount: 0n },
      { ...ok, amount: 100_000_000_000n },
      { ...ok, name: "" },
      { ...ok, name: "x".repeat(71) },
      { ...ok, iban: "DE89370400440532013001" },
      { ...ok, bic: "nope" },
      { ...ok, text: "x".repeat(141) },
      { ...ok, text: "a\nb" },
      { ...ok, name: "𝄞".repeat(70), text: "𝄞".repeat(20) }, // over 331 bytes
    ]
  ) assert.throws(() => epcPayload(bad), EpcError);
});

Deno.test("links carry the amount where the service takes one", () => {
  const eur = { amount: 1230n, currency: "EUR", reference: "Kopek: Trip & co" };
  assert.equal(paypalLink("anaPays", eur), "https://paypal.me/anaPays/12.30EUR");
  assert.equal(
    paypalLink("ana", { ...eur, amount: 1500n, currency: "JPY" }),
    "https://paypal.me/ana/1500JPY",
  );
  assert.equal(paypalLink("ana", { ...eur, currency: "INR" }), null);
  assert.equal(revolutLink("ana.k"), "https://revolut.me/ana.k");
  assert.equal(upiLink("ana@okaxis", "Ana K", eur), null);
  assert.equal(
    upiLink("ana@okaxis", "Ana K", { ...eur, currency: "INR" }),
    "upi://pay?pa=ana%40okaxis&pn=Ana%20K&am=12.30&cu=INR&tn=Kopek%3A%20Trip%20%26%20co",
  );
});

Deno.test("paymentOptions() offers only what fits the currency", () => {
  const handles = [
    { kind: "iban", iban: "DE89370400440532013000", name: "Ana", bic: null },
    { kind: "paypal", username: "ana" },
    { kind: "upi", vpa: "ana@okaxis", name: null },
    { kind: "text", text: "cash is fine" },
  ] as const;
  const eur = paymentOptions(handles, { amount: 500n, currency: "EUR", reference: "T" });
  assert.deepEqual(eur.map((o) => o.kind), ["epc", "paypal", "text"]);
  const inr = paymentOptions(handles, { amount: 500n, currency: "INR", reference: "T" });
  assert.deepEqual(inr.map((o) => o.kind), ["iban", "upi", "text"]);
});

Deno.test("PaymentHandle validates and bounds each kind", () => {
  const iban = PaymentHandle.parse({
    kind: "iban",
    iban: "gb82 west 1234 5698 7654 32",
    name: "Ana",
  });
  assert.deepEqual(iban, { kind: "iban", iban: "GB82WEST12345698765432", name: "Ana" });
  for (
    const bad of [
      { kind: "iban", iban: "GB82WEST12345698765433", name: "Ana" },
      { kind: "iban", iban: "GB82WEST12345698765432", name: "" },
      { kind: "paypal", username: "a/b" },
      { kind: "revolut", username: "x" },
      { kind: "upi", vpa: "no-at-sign" },
      { kind: "text", text: "x".repeat(201) },
      { kind: "text", text: "a\u0000b" },
      { kind: "venmo", username: "ana" },
      { kind: "paypal", username: "ana", extra: 1 },
    ]
  ) assert.ok(!PaymentHandle.safeParse(bad).success, JSON.stringify(bad));
  const six = Array.from({ length: 6 }, () => ({ kind: "paypal", username: "ana" }));
  assert.ok(!PaymentHandles.safeParse(six).success);
});
