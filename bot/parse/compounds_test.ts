import assert from "node:assert/strict";
import { categorize } from "./category.ts";
import { compoundCategory } from "./compounds.ts";

const table = new Map([
  ["taxi", "transport"],
  ["zug", "transport"],
  ["ticket", "entertainment"],
  ["kino", "entertainment"],
  ["karten", "entertainment"],
]);
const lookup = (key: string) => table.get(key);

Deno.test("compoundCategory() splits German compounds against the known words", () => {
  assert.equal(compoundCategory("taxifahrt", lookup), "transport");
  assert.equal(compoundCategory("kinokarten", lookup), "entertainment");
  // The modifier names the domain: a train's ticket is transport.
  assert.equal(compoundCategory("zugticket", lookup), "transport");
  // Nothing known, or too short to split.
  assert.equal(compoundCategory("schlussel", lookup), undefined);
  assert.equal(compoundCategory("taxis", lookup), undefined);
});

Deno.test("categorize() falls back to compounds of the keywords and the lexicon", () => {
  assert.equal(categorize(["taxifahrt"]), "transport");
  assert.equal(categorize(["kinokarten"]), "entertainment");
  assert.equal(categorize(["supermarkteinkauf"]), "groceries");
  assert.equal(categorize(["hotelzimmer"]), "lodging");
  assert.equal(categorize(["geburtstagsgeschenk"]), "gifts");
});
