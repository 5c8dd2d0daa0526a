import assert from "node:assert/strict";
import { nearBrandCategory } from "./near_brands.ts";

Deno.test("nearBrandCategory(): a chain's name one edit away, five letters or more", () => {
  assert.equal(nearBrandCategory("delaize"), "groceries");
  assert.equal(nearBrandCategory("hipredino"), "groceries");
  // The name itself, a short word, a word with digits: nothing to guess.
  assert.equal(nearBrandCategory("delhaize"), undefined);
  assert.equal(nearBrandCategory("lidk"), undefined);
  assert.equal(nearBrandCategory("b1lla"), undefined);
});
