/**
 * Optimistic balances with pending payments: a queued edit moves them by the
 * difference from the kept payment, a queued void takes its amount back, an
 * edit of a payment still queued replaces its amount; an edit of a payment
 * this device never read is counted as unknown.
 */
import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../db.ts";
import type { Balances, Settlement } from "../types.ts";
import { optimisticBalances } from "./overlay.ts";

const G = "g1";
const eur = (amount: string) => ({ amount, currency: "EUR" });
// Ana paid a dinner of 60.00 for both; Ben paid her 20.00 (s1).
const server: Balances = {
  currency: "EUR",
  simplifyDebts: true,
  asOf: "2026-11-02T00:00:00Z",
  members: [
    { memberId: "ana", paid: eur("60.00"), owed: eur("50.00"), balance: eur("10.00") },
    { memberId: "ben", paid: eur("20.00"), owed: eur("30.00"), balance: eur("-10.00") },
  ],
  settleUp: [{ from: "ben", to: "ana", amount: eur("10.00") }],
};
const s1: Settlement = {
  id: "s1",
  kind: "settlement",
  version: 1,
  voided: false,
  date: "2026-11-02",
  from: "ben",
  to: "ana",
  amount: eur("20.00"),
  fx: null,
  converted: eur("20.00"),
  note: null,
};
const kept = new Map([[s1.id, s1]]);
const body = (amount: string) => ({ from: "ben", to: "ana", amount: eur(amount), date: "2026-11-02" });

function item(type: OutboxItem["type"], id: string, b: Record<string, unknown>): OutboxItem {
  return { id, type, groupId: G, body: b, status: "pending", attempts: 0, label: "", createdAt: "" };
}

const balanceOf = (b: ReturnType<typeof optimisticBalances>) =>
  Object.fromEntries(b.members.map((m) => [m.memberId, m.balance.amount]));

describe("optimistic balances with payments", () => {
  it("move by an edit's difference and take a void's amount back", () => {
    const edited = optimisticBalances(server, [item("settlement.amend", "c1", { ...body("25.00"), settlementId: "s1", ifMatch: "1" })], G, new Map(), kept);
    expect(balanceOf(edited)).toEqual({ ana: "5.00", ben: "-5.00" });
    expect([edited.pending, edited.unknown]).toEqual([1, 0]);
    const voided = optimisticBalances(server, [item("settlement.void", "c2", { settlementId: "s1" })], G, new Map(), kept);
    expect(balanceOf(voided)).toEqual({ ana: "30.00", ben: "-30.00" });
    const both = optimisticBalances(server, [
      item("settlement.amend", "c1", { ...body("25.00"), settlementId: "s1" }),
      item("settlement.void", "c2", { settlementId: "s1" }),
    ], G, new Map(), kept);
    expect(balanceOf(both)).toEqual({ ana: "30.00", ben: "-30.00" });
  });

  it("replace the amount of a payment still queued, and count an unknown payment's edit as unknown", () => {
    const queued = optimisticBalances(server, [
      item("settlement.record", "s2", body("4.00")),
      item("settlement.amend", "c3", { ...body("6.00"), settlementId: "s2" }),
    ], G, new Map(), kept);
    expect(balanceOf(queued)).toEqual({ ana: "4.00", ben: "-4.00" });
    const unknown = optimisticBalances(server, [item("settlement.void", "c4", { settlementId: "s9" })], G, new Map(), kept);
    expect(balanceOf(unknown)).toEqual({ ana: "10.00", ben: "-10.00" });
    expect([unknown.pending, unknown.unknown]).toEqual([0, 1]);
  });
});
