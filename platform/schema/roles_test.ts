import assert from "node:assert/strict";
import { quoteRole } from "./roles.ts";

Deno.test("quoteRole() double-quotes any role name and doubles its quotes", () => {
  assert.equal(quoteRole("kopek_app"), '"kopek_app"');
  assert.equal(quoteRole('odd"name; DROP TABLE events'), '"odd""name; DROP TABLE events"');
  assert.equal(quoteRole("Kopek App"), '"Kopek App"');
  assert.throws(() => quoteRole(""));
  assert.throws(() => quoteRole("a\0b"));
});
