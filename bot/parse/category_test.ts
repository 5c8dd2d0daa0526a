import assert from "node:assert/strict";
import { categorize } from "./category.ts";

Deno.test("categorize() takes the first keyword, in any of the three languages", () => {
  assert.equal(categorize(["food"]), "food");
  assert.equal(categorize(["bus", "tickets"]), "transport");
  assert.equal(categorize(["alquiler"]), "rent");
  assert.equal(categorize(["apotheke"]), "health");
  assert.equal(categorize(["keys"]), "other");
});
