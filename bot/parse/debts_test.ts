import assert from "node:assert/strict";
import { findDebt } from "./debts.ts";
import { extractHeadcount } from "./headcount.ts";
import { tokenize } from "./text.ts";

const ctx = { me: "Ana", members: ["Ana", "Bob", "Chen"] };

function debtOf(text: string) {
  const tokens = tokenize(text);
  const claimed = tokens.map(() => false);
  const found = findDebt(tokens, claimed, ctx);
  return { found, left: tokens.filter((_, i) => !claimed[i]).map((t) => t.raw) };
}

Deno.test("findDebt() reads settling up, with its direction, and claims its words", () => {
  assert.deepEqual(debtOf("settled up with Bob 30"), {
    found: { kind: "settle", from: "Ana", to: "Bob" },
    left: ["30"],
  });
  assert.deepEqual(debtOf("Bob settled up with me 15").found, {
    kind: "settle",
    from: "Bob",
    to: "Ana",
  });
  assert.deepEqual(debtOf("settled 30").found, { reason: "settled with whom" });
});

Deno.test("findDebt() reads who owes whom in three languages", () => {
  assert.deepEqual(debtOf("Bob owes me 20 for pizza"), {
    found: { kind: "debt", debtor: "Bob", creditor: "Ana" },
    left: ["20", "for", "pizza"],
  });
  assert.deepEqual(debtOf("le debo 20 a Bob").found, {
    kind: "debt",
    debtor: "Ana",
    creditor: "Bob",
  });
  assert.deepEqual(debtOf("Bob schuldet mir 20").found, {
    kind: "debt",
    debtor: "Bob",
    creditor: "Ana",
  });
  assert.deepEqual(debtOf("Bob owes 20").found, { reason: "owed to whom" });
  assert.deepEqual(debtOf("I owe me 20").found, { reason: "payer and receiver are the same" });
  assert.equal(debtOf("taxi 20").found, undefined);
});

Deno.test("extractHeadcount() takes '3 people' for a count, not an amount", () => {
  const tokens = tokenize("dinner 40 for 3 people");
  const claimed = tokens.map(() => false);
  assert.equal(extractHeadcount(tokens, claimed), 3);
  assert.deepEqual(claimed, [false, false, true, true, true]);
  assert.equal(extractHeadcount(tokenize("3 pizzas 40"), [false, false, false]), undefined);
});

Deno.test("findDebt(): Portuguese 'dois' (two) is no owing verb; French 'je dois 20 à Bob' is", () => {
  assert.equal(debtOf("dois cafés 4,50").found, undefined);
  assert.equal(debtOf("vinte e dois euros de peixe").found, undefined);
  assert.deepEqual(debtOf("je dois 20 à Bob").found, {
    kind: "debt",
    debtor: "Ana",
    creditor: "Bob",
  });
});
