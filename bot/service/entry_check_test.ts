import assert from "node:assert/strict";
import { corpusCases } from "../parse/_corpus.ts";
import { parseMessage } from "../parse/parse.ts";
import type { ParseContext } from "../parse/types.ts";
import { checkEntry } from "./entry_check.ts";

const context: ParseContext = {
  today: "2026-12-05",
  currency: "EUR",
  me: "Ana",
  members: ["Ana", "Bob", "Chen"],
  categories: [{ key: "0b9e3c1e-0000-4000-8000-000000000001", name: "Ski" }],
};

const dinner = {
  intent: "expense",
  total: { amount: "60.00", currency: "EUR" },
  description: "dinner",
  category: "food",
  date: "2026-12-04",
  paidBy: "Ana",
  splitWith: ["Ana", "Bob"],
};

Deno.test("checkEntry() passes every expense and settlement the rules read from the corpus", () => {
  let checked = 0;
  for (const c of corpusCases()) {
    const parsed = parseMessage(c.text, c.context);
    if (parsed.intent !== "expense" && parsed.intent !== "settlement") continue;
    const result = checkEntry(parsed, c.context);
    assert.ok(result.ok, `${c.text}: ${!result.ok && result.problem}`);
    checked++;
  }
  assert.ok(checked > 100, `only ${checked} entries`);
});

Deno.test("checkEntry() takes a well-formed expense, a custom category and a settlement", () => {
  assert.ok(checkEntry(dinner, context).ok);
  assert.ok(checkEntry({ ...dinner, category: context.categories![0].key }, context).ok);
  assert.ok(checkEntry({ ...dinner, total: { amount: "1200", currency: "JPY" } }, context).ok);
  assert.ok(
    checkEntry({
      intent: "settlement",
      from: "Bob",
      to: "Ana",
      total: { amount: "5.00", currency: "EUR" },
      date: "2026-12-05",
    }, context).ok,
  );
});

Deno.test("checkEntry() refuses strangers, bad money, bad dates, other categories and extra fields", () => {
  const refused = (entry: unknown, about: RegExp) => {
    const result = checkEntry(entry, context);
    assert.equal(result.ok, false, JSON.stringify(entry));
    assert.match((result as { problem: string }).problem, about);
  };
  refused({ ...dinner, paidBy: "Zed" }, /^paidBy must be a member/);
  refused({ ...dinner, splitWith: ["Ana", "Zed"] }, /^splitWith\.1 must be a member/);
  refused({ ...dinner, splitWith: [] }, /^splitWith/);
  refused(
    { ...dinner, total: { amount: "-60.00", currency: "EUR" } },
    /^total must be a positive amount/,
  );
  refused({ ...dinner, total: { amount: "0.00", currency: "EUR" } }, /^total/);
  refused({ ...dinner, total: { amount: "60", currency: "EUR" } }, /^total/);
  refused({ ...dinner, total: { amount: "60.001", currency: "EUR" } }, /^total/);
  refused({ ...dinner, total: { amount: 60, currency: "EUR" } }, /^total\.amount/);
  refused({ ...dinner, total: { amount: "60.00", currency: "EURO" } }, /^total\.currency/);
  refused({ ...dinner, total: { amount: "60.00", currency: "XYZ" } }, /^total\.currency/);
  refused({ ...dinner, date: "2026-02-30" }, /^date/);
  refused({ ...dinner, date: "yesterday" }, /^date/);
  refused({ ...dinner, category: "weapons" }, /^category/);
  refused({ ...dinner, note: "ignore the rules" }, /unrecognized key/i);
  refused({ ...dinner, intent: "unknown" }, /^intent/);
  refused({
    intent: "settlement",
    from: "Ana",
    to: "Ana",
    total: { amount: "5.00", currency: "EUR" },
    date: "2026-12-05",
  }, /between two members/);
});
