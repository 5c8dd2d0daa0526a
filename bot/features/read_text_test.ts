import assert from "node:assert/strict";
import { reasonKind } from "./read_text.ts";

Deno.test("reasonKind keeps a parse failure's kind and drops the words it quotes", () => {
  assert.equal(reasonKind("unknown name Zed"), "unknown name");
  assert.equal(reasonKind("unknown command /secret stuff"), "unknown command");
  assert.equal(reasonKind("unknown currency XYZ"), "unknown currency");
  assert.equal(reasonKind("too many decimals for JPY"), "too many decimals for");
  assert.equal(reasonKind("two amounts"), "two amounts");
});
