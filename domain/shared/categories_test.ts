import assert from "node:assert/strict";
import { builtInCategoryItems, CATEGORIES } from "./categories.ts";

Deno.test("builtInCategoryItems() lists every built-in category, keyed by its name, in order", () => {
  const items = builtInCategoryItems();
  assert.deepEqual(items.map((i) => i.key), [...CATEGORIES]);
  assert.deepEqual(items[0], {
    key: "food",
    id: null,
    name: "food",
    icon: null,
    colour: null,
    builtIn: true,
    removed: false,
  });
  assert.notEqual(builtInCategoryItems()[0], items[0]);
});
