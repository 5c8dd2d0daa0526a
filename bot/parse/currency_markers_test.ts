import assert from "node:assert/strict";
import { extractAmount } from "./amount.ts";
import { markedCurrency } from "./currency_markers.ts";
import { headNoun } from "./lexicon/build_currency_markers.ts";
import { tokenize } from "./text.ts";

function amountOf(text: string, currency: string) {
  const tokens = tokenize(text);
  return extractAmount(tokens, tokens.map(() => false), currency, (k) => k === "bob");
}
const at = (amount: string, currency: string) => ({ total: { amount, currency } });

Deno.test("extractAmount() reads every currency's local sign from CLDR, attached or apart", () => {
  assert.deepEqual(amountOf("knutsford express J$5,200", "JMD"), at("5200.00", "JMD"));
  assert.deepEqual(amountOf("compra en la sirena RD$4,350.50", "DOP"), at("4350.50", "DOP"));
  assert.deepEqual(amountOf("kenkey GH₵85", "GHS"), at("85.00", "GHS"));
  assert.deepEqual(amountOf("puregold ₱3,240.75", "PHP"), at("3240.75", "PHP"));
  assert.deepEqual(amountOf("meralco bill P4,580.20", "PHP"), at("4580.20", "PHP"));
  assert.deepEqual(amountOf("hipermaxxi Bs 412,50", "BOB"), at("412.50", "BOB"));
  assert.deepEqual(amountOf("trufi 12 bs", "BOB"), at("12.00", "BOB"));
  assert.deepEqual(amountOf("taxi TT$45", "TTD"), at("45.00", "TTD"));
  assert.deepEqual(amountOf("matatu 200 KSh", "KES"), at("200.00", "KES"));
  assert.deepEqual(amountOf("makola ghc 340", "GHS"), at("340.00", "GHS"));
  assert.deepEqual(amountOf("marché 1 250 gdes", "HTG"), at("1250.00", "HTG"));
  assert.deepEqual(amountOf("loyer 25 000 gourdes", "HTG"), at("25000.00", "HTG"));
  assert.deepEqual(amountOf("loyer G 2 500", "HTG"), at("2500.00", "HTG"));
  // A sign of one currency, written with a currency symbol, names it in any group.
  assert.deepEqual(amountOf("lunch NT$320", "EUR"), at("320.00", "TWD"));
  assert.deepEqual(amountOf("taxi RD$300", "USD"), at("300.00", "DOP"));
});

Deno.test("markedCurrency(): letters and shared signs count only in their own currency's group", () => {
  assert.equal(markedCurrency("P", "PHP"), "PHP");
  assert.equal(markedCurrency("P", "EUR"), undefined);
  assert.equal(markedCurrency("G", "EUR"), undefined);
  assert.equal(markedCurrency("bs", "EUR"), undefined);
  assert.equal(markedCurrency("₱", "PHP"), "PHP");
  assert.equal(markedCurrency("₱", "EUR"), undefined); // the Cuban peso's sign too
  assert.equal(markedCurrency("won", "EUR"), undefined);
  assert.equal(markedCurrency("won", "KRW"), "KRW");
  // A single letter keeps its case: "g" is grams even in gourdes.
  assert.equal(markedCurrency("g", "HTG"), undefined);
  assert.deepEqual(amountOf("taxi 30 P", "EUR"), at("30.00", "EUR"));
});

Deno.test("headNoun(): the unit of a currency's name, last in English and German, first otherwise", () => {
  assert.equal(headNoun("Jamaican dollars", "en"), "dollars");
  assert.equal(headNoun("Jamaika-Dollar", "de"), "dollar");
  assert.equal(headNoun("gourdes haïtiennes", "fr"), "gourdes");
  assert.equal(headNoun("pesos dominicanos", "es"), "pesos");
  assert.equal(headNoun("nuevo sol peruano", "es"), undefined);
});

Deno.test("extractAmount(): Bolivian 'pesos' are bolivianos (round 8)", () => {
  assert.deepEqual(amountOf("verduras 150 pesos", "BOB"), at("150.00", "BOB"));
});

Deno.test("markedCurrency(): the group's own ISO code names it in any case, only there (round 9)", () => {
  assert.equal(markedCurrency("ugx", "UGX"), "UGX");
  assert.equal(markedCurrency("Ugx", "UGX"), "UGX");
  assert.equal(markedCurrency("all", "EUR"), undefined);
});
