import assert from "node:assert/strict";
import fc from "fast-check";
import { Corrector, distance } from "./typos.ts";

Deno.test("distance() counts an adjacent transposition as one edit", () => {
  assert.equal(distance("taxi", "txai"), 1);
  assert.equal(distance("restaurant", "restaurnat"), 1);
  assert.equal(distance("massage", "passagem"), 2);
});

Deno.test("Corrector corrects within 1 edit for short words and 2 for long ones", () => {
  const c = new Corrector(["yesterday", "today", "between", "taxi", "restaurant", "restaurants"]);
  assert.equal(c.correct("yesterdy"), "yesterday");
  assert.equal(c.correct("ysetrday"), "yesterday");
  assert.equal(c.correct("betwen"), "between");
  assert.equal(c.correct("txai"), "taxi");
  // The nearest word wins: "restaurant" is one edit away, "restaurants" two.
  assert.equal(c.correct("restaurnat"), "restaurant");
  // Short words take one edit only; words under four letters are never corrected.
  assert.equal(c.correct("tdy"), undefined);
  assert.equal(c.correct("tdoay"), "today");
  assert.equal(c.correct("txi"), undefined);
  // Known words are left alone.
  assert.equal(c.correct("today"), undefined);
});

Deno.test("Corrector leaves an ambiguous typo as typed", () => {
  const c = new Corrector(["split", "salt"]);
  assert.equal(c.correct("splt"), undefined);
  assert.deepEqual(c.candidates("splt").sort(), ["salt", "split"]);
});

const word = fc.stringMatching(/^[a-z]{5,10}$/);

Deno.test("property: one edit of a lone vocabulary word is corrected back to it", () => {
  fc.assert(
    fc.property(word, fc.nat(), fc.constantFrom("delete", "swap", "substitute"), (w, at, kind) => {
      const i = at % (w.length - 1);
      const typed = kind === "delete"
        ? w.slice(0, i) + w.slice(i + 1)
        : kind === "swap"
        ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2)
        : w.slice(0, i) + (w[i] === "z" ? "y" : "z") + w.slice(i + 1);
      fc.pre(typed !== w && typed.length >= 4);
      assert.equal(new Corrector([w]).correct(typed), w);
    }),
  );
});

Deno.test("property: a word is never corrected into another when two are equally close", () => {
  fc.assert(
    fc.property(word, (w) => {
      const a = `${w}a`;
      const b = `${w}b`;
      assert.equal(new Corrector([a, b]).correct(`${w}c`), undefined);
    }),
  );
});
