import assert from "node:assert/strict";
import type { ExpenseParse, ParseContext } from "../parse/types.ts";
import { parseMessage } from "../parse/parse.ts";
import { defaultsApplied, describeBalances, describeRecorded } from "./describe.ts";
import { messages } from "./messages.ts";

const FOOD: ExpenseParse = {
  intent: "expense",
  total: { amount: "50.00", currency: "USD" },
  description: "food",
  category: "food",
  date: "2026-11-22",
  paidBy: "Ana",
  splitWith: ["Ana", "Bob", "Chen"],
};
const NONE = { currency: false, date: false, split: false };

Deno.test("describeRecorded() names the payer, the split and the date", () => {
  assert.equal(
    describeRecorded(FOOD, "2026-11-22", 3, NONE),
    "Recorded 50.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today).",
  );
  const other: ExpenseParse = {
    ...FOOD,
    total: { amount: "9.00", currency: "EUR" },
    description: "",
    category: "other",
    date: "2026-11-21",
    paidBy: "Bob",
    splitWith: ["Bob"],
  };
  assert.equal(
    describeRecorded(other, "2026-11-22", 3, NONE),
    "Recorded 9.00 EUR, paid by Bob, for Bob alone (2026-11-21).",
  );
});

Deno.test("describeRecorded() lists the defaults applied, in the user's language", () => {
  const all = { currency: true, date: true, split: true };
  assert.equal(
    describeRecorded(FOOD, "2026-11-22", 3, all),
    "Recorded 50.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen (everyone) (today).\n" +
      "Defaults applied: currency USD (the group's), date today, split between everyone.",
  );
  assert.match(
    describeRecorded(FOOD, "2026-11-22", 3, all, messages("es")),
    /^Registrado 50\.00 USD por food, pagado por Ana.*\(hoy\)\.\nValores por defecto: moneda USD/,
  );
  assert.match(
    describeRecorded(FOOD, "2026-11-22", 3, all, messages("de")),
    /^Erfasst: 50\.00 USD für food.*\(heute\)\.\nStandardwerte: Währung USD/,
  );
});

Deno.test("defaultsApplied() tells the defaults from what the message said", () => {
  const ctx: ParseContext = {
    today: "2026-11-22",
    currency: "USD",
    me: "Ana",
    members: ["Ana", "Bob", "Chen"],
  };
  const applied = (text: string) => {
    const p = parseMessage(text, ctx);
    assert.equal(p.intent, "expense", text);
    return defaultsApplied(text, ctx, p as ExpenseParse);
  };
  assert.deepEqual(applied("taxi 12"), { currency: true, date: true, split: true });
  assert.deepEqual(applied("taxi $12 yesterday split with Bob"), {
    currency: false,
    date: false,
    split: false,
  });
  assert.deepEqual(applied("taxi 12 EUR with Bob"), { currency: false, date: true, split: false });
});

Deno.test("describeBalances() lists balances, then the transfers", () => {
  const members = [
    { id: "a", name: "Ana", userId: null, role: "owner" as const, active: true },
    { id: "b", name: "Bob", userId: null, role: "member" as const, active: true },
  ];
  const usd = (amount: string) => ({ amount, currency: "USD" });
  const text = describeBalances("Trip", {
    currency: "USD",
    simplifyDebts: true,
    members: [
      { memberId: "a", paid: usd("10.00"), owed: usd("5.00"), balance: usd("5.00") },
      { memberId: "b", paid: usd("0.00"), owed: usd("5.00"), balance: usd("-5.00") },
    ],
    settleUp: [{ from: "b", to: "a", amount: usd("5.00") }],
  }, members);
  assert.equal(text, "Balances in Trip:\nAna: +5.00 USD\nBob: -5.00 USD\nBob pays Ana 5.00 USD");
  assert.match(
    describeBalances(
      "Trip",
      { currency: "USD", simplifyDebts: true, members: [], settleUp: [] },
      members,
    ),
    /Everyone is settled up\./,
  );
});
