import assert from "node:assert/strict";
import { describeBalances, describeRecorded } from "./describe.ts";

Deno.test("describeRecorded names the payer, the split and the date", () => {
  const text = describeRecorded(
    {
      intent: "expense",
      total: { amount: "50.00", currency: "USD" },
      description: "food",
      category: "food",
      date: "2026-11-22",
      paidBy: "Ana",
      splitWith: ["Ana", "Bob", "Chen"],
    },
    "2026-11-22",
    3,
  );
  assert.equal(
    text,
    "Recorded 50.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today). /undo to take it back.",
  );
  const other = describeRecorded(
    {
      intent: "expense",
      total: { amount: "9.00", currency: "EUR" },
      description: "",
      category: "other",
      date: "2026-11-21",
      paidBy: "Bob",
      splitWith: ["Bob"],
    },
    "2026-11-22",
    3,
  );
  assert.equal(
    other,
    "Recorded 9.00 EUR, paid by Bob, for Bob alone (2026-11-21). /undo to take it back.",
  );
});

Deno.test("describeBalances signs balances and lists the transfers", () => {
  const usd = (amount: string) => ({ amount, currency: "USD" });
  const text = describeBalances(
    "Trip",
    {
      currency: "USD",
      members: [
        { memberId: "a", paid: usd("10.00"), owed: usd("5.00"), balance: usd("5.00") },
        { memberId: "b", paid: usd("0.00"), owed: usd("5.00"), balance: usd("-5.00") },
        { memberId: "c", paid: usd("0.00"), owed: usd("0.00"), balance: usd("0.00") },
      ],
      settleUp: [{ from: "b", to: "a", amount: usd("5.00") }],
    },
    [
      { id: "a", name: "Ana", userId: null, role: "owner", active: true },
      { id: "b", name: "Bob", userId: null, role: "member", active: true },
      { id: "c", name: "Chen", userId: null, role: "member", active: true },
    ],
  );
  assert.equal(
    text,
    "Balances in Trip:\nAna: +5.00 USD\nBob: -5.00 USD\nChen: 0.00 USD\nBob pays Ana 5.00 USD",
  );
});
