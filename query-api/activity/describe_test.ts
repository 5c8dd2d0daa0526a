import assert from "node:assert/strict";
import type { GroupEvent, SettlementData } from "@kopek/domain";
import { settlementChanges } from "./changes.ts";
import { describe, shorten } from "./describe.ts";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const E = "00000000-0000-4000-8000-00000000000e";
const names = {
  member: (id: string) => ({ [A]: "Ana", [B]: "Bob" })[id] ?? "?",
  entry: (id: string) => (id === E ? "Dinner" : "?"),
};

Deno.test("describe() says what happened, with names and money", () => {
  const say = (e: unknown) => describe(e as GroupEvent, "Ana", names).text;
  assert.equal(
    say({ type: "GroupCreated", data: { groupId: A, name: "Trip", currency: "EUR" } }),
    "Ana created the group “Trip”",
  );
  assert.equal(
    say({ type: "MemberAdded", data: { memberId: B, name: "Bob", userId: null, role: "member" } }),
    "Ana added Bob (not signed up yet) as member",
  );
  assert.equal(
    say({ type: "ExpenseVoided", data: { expenseId: E, revision: 2 } }),
    "Ana voided “Dinner”",
  );
  assert.equal(
    say({ type: "MemberClaimed", data: { memberId: B, revision: 2, userId: B } }),
    "Ana joined as Bob, keeping their history",
  );
  const settlement = describe(
    {
      type: "SettlementRecorded",
      data: {
        settlementId: E,
        revision: 1,
        from: B,
        to: A,
        amount: { amount: "20.00", currency: "EUR" },
        fx: null,
        converted: { amount: "20.00", currency: "EUR" },
        date: "2026-11-20",
        note: null,
      },
    },
    "Ana",
    names,
  );
  assert.deepEqual(settlement, { text: "Bob paid Ana 20.00 EUR (recorded by Ana)", entityId: E });
});

Deno.test("describe() says who joined, and what an amendment changed", () => {
  const added = {
    type: "MemberAdded",
    data: { memberId: B, name: "Bob", userId: B, role: "member" },
  } as unknown as GroupEvent;
  assert.equal(describe(added, "Bob", names, { actorUserId: B }).text, "Bob joined");
  assert.equal(
    describe(added, "Ana", names, { actorUserId: A }).text,
    "Ana added Bob as member",
  );
  const amended = {
    type: "ExpenseAmended",
    data: { expenseId: E, description: "Dinner", total: { amount: "96.00", currency: "EUR" } },
  } as unknown as GroupEvent;
  assert.equal(
    describe(amended, "Ana", names, {
      changes: [{
        field: "total",
        from: { amount: "90.00", currency: "EUR" },
        to: { amount: "96.00", currency: "EUR" },
      }],
    }).text,
    "Ana changed “Dinner”: 90.00 EUR → 96.00 EUR",
  );
});

Deno.test("settlementChanges() and describe() say what a payment's amendment changed", () => {
  const before = {
    settlementId: E,
    revision: 1,
    from: B,
    to: A,
    amount: { amount: "20.00", currency: "EUR" },
    fx: null,
    converted: { amount: "20.00", currency: "EUR" },
    date: "2026-11-20",
    note: null,
  } as unknown as SettlementData;
  const after = {
    ...before,
    revision: 2,
    amount: { amount: "25.00", currency: "EUR" },
    note: "cash",
  } as SettlementData;
  const changes = settlementChanges(before, after);
  assert.deepEqual(changes, [
    {
      field: "amount",
      from: { amount: "20.00", currency: "EUR" },
      to: { amount: "25.00", currency: "EUR" },
    },
    { field: "note", from: null, to: "cash" },
  ]);
  assert.deepEqual(settlementChanges(before, { ...before, from: A, to: B }), [
    { field: "payer", from: null, to: null },
    { field: "payee", from: null, to: null },
  ]);
  const amended = { type: "SettlementAmended", data: after } as unknown as GroupEvent;
  assert.equal(
    describe(amended, "Ana", names, { changes }).text,
    "Ana changed a payment (now Bob paid Ana 25.00 EUR): 20.00 EUR → 25.00 EUR, note added",
  );
  assert.equal(
    describe(amended, "Ana", names).text,
    "Ana changed a payment: Bob paid Ana 25.00 EUR",
  );
});

Deno.test("describe() quotes a comment on one line, shortened past 80 characters", () => {
  const comment = (text: string) =>
    describe(
      { type: "CommentAdded", data: { commentId: A, expenseId: E, memberId: A, text } },
      "Ana",
      names,
    );
  assert.deepEqual(comment("see the\nreceipt"), {
    text: "Ana commented on “Dinner”: “see the receipt”",
    entityId: E,
  });
  const long = comment(`${"word ".repeat(30)}end`).text;
  assert.ok(long.endsWith("…”"), long);
  const quote = long.slice(long.indexOf(": “") + 3, -1);
  assert.ok(quote.length <= 80, quote);
  assert.equal(quote, `${"word ".repeat(15).trim()}…`);
  assert.equal(shorten("x".repeat(100)), `${"x".repeat(79)}…`);
});
