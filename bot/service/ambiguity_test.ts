import assert from "node:assert/strict";
import { parseMessage } from "../parse/parse.ts";
import { ambiguityOf } from "./ambiguity.ts";

const ctx = { today: "2026-11-22", currency: "USD", me: "Ana", members: ["Ana", "Bob", "Chen"] };

Deno.test("ambiguityOf() offers each amount of a two-amount message, each parsing to it", () => {
  const a = ambiguityOf("50 and 60 for pizza", "two amounts", ctx)!;
  assert.deepEqual(a.about, { kind: "amount" });
  assert.deepEqual(a.choices.map((c) => c.label), ["50", "60"]);
  const totals = a.choices.map((c) => {
    const p = parseMessage(c.text, ctx);
    return p.intent === "expense" ? p.total.amount : p.intent;
  });
  assert.deepEqual(totals, ["50.00", "60.00"]);
});

Deno.test("ambiguityOf() maps an unknown name to each member, or drops it", () => {
  const a = ambiguityOf("dinner 40 split with Bob and Zed", "unknown name Zed", ctx)!;
  assert.deepEqual(a.about, { kind: "name", name: "Zed" });
  assert.deepEqual(a.choices.map((c) => c.label), ["Ana", "Bob", "Chen", ""]);
  const chen = parseMessage(a.choices[2].text, ctx);
  assert.equal(chen.intent, "expense");
  assert.deepEqual(chen.intent === "expense" && chen.splitWith, ["Ana", "Bob", "Chen"]);
  const dropped = parseMessage(a.choices[3].text, ctx);
  assert.deepEqual(dropped.intent === "expense" && dropped.splitWith, ["Ana", "Bob"]);
  // In French and Portuguese lists too, the conjunction goes with the dropped name.
  for (const list of ["Bob et Zed", "Bob e Zed", "Bob & Zed", "Bob, Zed"]) {
    const text = `dîner 40 avec ${list}`;
    const choice = ambiguityOf(text, "unknown name Zed", ctx)!.choices.at(-1)!;
    assert.equal(choice.text, "dîner 40 avec Bob", list);
  }
  const payer = ambiguityOf("Zed paid 30 for taxi", "unknown name Zed", ctx)!;
  const bob = parseMessage(payer.choices.find((c) => c.label === "Bob")!.text, ctx);
  assert.equal(bob.intent === "expense" && bob.paidBy, "Bob");
});

Deno.test("ambiguityOf() asks the role of a name the message gives none", () => {
  const a = ambiguityOf("taxi 20 Bob", "unclear role of Bob", ctx)!;
  assert.deepEqual(a.about, { kind: "role", name: "Bob" });
  assert.deepEqual(a.choices.map((c) => c.label), ["paid", "shares", "for"]);
  const [paid, shares, forBob] = a.choices.map((c) => parseMessage(c.text, ctx));
  assert.equal(paid.intent === "expense" && paid.paidBy, "Bob");
  assert.deepEqual(shares.intent === "expense" && shares.splitWith, ["Ana", "Bob"]);
  assert.deepEqual(forBob.intent === "expense" && forBob.splitWith, ["Bob"]);
  for (const p of [paid, shares, forBob]) {
    assert.equal(p.intent === "expense" && p.total.amount, "20.00");
  }
});

Deno.test("ambiguityOf() has no question for other refusals", () => {
  assert.equal(ambiguityOf("hello there", "no amount", ctx), undefined);
  assert.equal(ambiguityOf("taxi 5 yesterday on 3 March", "two dates", ctx), undefined);
});
