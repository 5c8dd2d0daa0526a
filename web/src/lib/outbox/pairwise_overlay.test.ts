/**
 * The optimistic settle-up plan of a group that does not simplify debts (ADR 0052): the
 * server's pair debts moved by the pending writes, pair by pair, never the short plan.
 */
import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../db.ts";
import type { Balances } from "../types.ts";
import { optimisticBalances } from "./overlay.ts";

const G = "g1";
const eur = (amount: string) => ({ amount, currency: "EUR" });
// Ben owes Ana 30.00 and Cem owes Ben 30.00: the short plan would be Cem pays Ana.
const server: Balances = {
  currency: "EUR",
  simplifyDebts: false,
  asOf: "2026-12-01T00:00:00Z",
  members: [
    { memberId: "ana", paid: eur("30.00"), owed: eur("0.00"), balance: eur("30.00") },
    { memberId: "ben", paid: eur("30.00"), owed: eur("30.00"), balance: eur("0.00") },
    { memberId: "cem", paid: eur("0.00"), owed: eur("30.00"), balance: eur("-30.00") },
  ],
  settleUp: [
    { from: "ben", to: "ana", amount: eur("30.00") },
    { from: "cem", to: "ben", amount: eur("30.00") },
  ],
};

function item(type: OutboxItem["type"], id: string, b: Record<string, unknown>): OutboxItem {
  return { id, type, groupId: G, body: b, status: "pending", attempts: 0, label: "", createdAt: "" };
}

describe("optimistic plan without debt simplification", () => {
  it("takes a pending payment off its pair only", () => {
    const paid = optimisticBalances(server, [
      item("settlement.record", "s1", { from: "ben", to: "ana", amount: eur("30.00"), date: "2026-12-02" }),
    ], G, new Map());
    expect(paid.settleUp).toEqual([{ from: "cem", to: "ben", amount: eur("30.00") }]);
  });

  it("adds a pending expense's pair debts to the server's", () => {
    const spent = optimisticBalances(server, [
      item("expense.record", "e1", {
        description: "Taxi",
        total: eur("10.00"),
        date: "2026-12-02",
        paidBy: [{ memberId: "ana", amount: "10.00" }],
        split: { mode: "equal", shares: [{ memberId: "ana" }, { memberId: "cem" }] },
      }),
    ], G, new Map());
    expect(spent.settleUp).toEqual([
      { from: "ben", to: "ana", amount: eur("30.00") },
      { from: "cem", to: "ben", amount: eur("30.00") },
      { from: "cem", to: "ana", amount: eur("5.00") },
    ]);
  });
});
