import assert from "node:assert/strict";
import { extractHeadcount } from "./headcount.ts";
import { tokenize } from "./text.ts";

function count(text: string): { n: number | undefined; left: string[] } {
  const tokens = tokenize(text);
  const claimed = tokens.map(() => false);
  const n = extractHeadcount(tokens, claimed);
  return { n, left: tokens.filter((_, i) => !claimed[i]).map((t) => t.key) };
}

Deno.test("extractHeadcount() reads 'N people' and 'the N of us'", () => {
  assert.deepEqual(count("dinner 40 for 3 people"), { n: 3, left: ["dinner", "40"] });
  assert.deepEqual(count("ferry 66 for the three of us"), { n: 3, left: ["ferry", "66"] });
  assert.deepEqual(count("taxi 20 all four of us"), { n: 4, left: ["taxi", "20"] });
});

Deno.test("extractHeadcount() reads 'we' and a count, last word or not", () => {
  assert.deepEqual(count("cena 60 para nosotros tres"), { n: 3, left: ["cena", "60"] });
  assert.deepEqual(count("Pizza 30 für uns drei"), { n: 3, left: ["pizza", "30"] });
  assert.deepEqual(count("resto 45 pour nous trois"), { n: 3, left: ["resto", "45"] });
  assert.deepEqual(count("pizza 30"), { n: undefined, left: ["pizza", "30"] });
});

Deno.test("extractHeadcount() reads 'we' and a count in digits when another number is the amount", () => {
  assert.deepEqual(count("geschenk 60 von uns 4"), { n: 4, left: ["geschenk", "60"] });
  assert.deepEqual(count("chalet 640 pour nous 4"), { n: 4, left: ["chalet", "640"] });
  assert.deepEqual(count("lodge 7.200 pra nós 3"), { n: 3, left: ["lodge", "7.200"] });
  // Alone, the number after "us" is the amount.
  assert.deepEqual(count("lunch for us 20"), { n: undefined, left: ["lunch", "for", "us", "20"] });
});

Deno.test("extractHeadcount() reads Spanish 'los N' closing a message", () => {
  assert.deepEqual(count("cabaña 180.000 pa los 4"), { n: 4, left: ["cabana", "180.000"] });
  assert.deepEqual(count("didi 17400 los 4"), { n: 4, left: ["didi", "17400"] });
  assert.deepEqual(count("los 4 cafés 12"), { n: undefined, left: ["los", "4", "cafes", "12"] });
});
