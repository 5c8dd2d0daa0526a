/**
 * The payments a list shows: the server's, with queued records, edits and
 * voids over them (a void takes it off the list, a refusal shows on it), and
 * the expense list's filters.
 */
import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../db.ts";
import type { Settlement } from "../types.ts";
import { paymentMatches, paymentViews, withPayments } from "./payment_views.ts";

const G = "g1";
const server: Settlement = {
  id: "s1",
  kind: "settlement",
  version: 1,
  voided: false,
  date: "2026-11-02",
  from: "ben",
  to: "ana",
  amount: { amount: "20.00", currency: "EUR" },
  fx: null,
  converted: { amount: "20.00", currency: "EUR" },
  note: "cash",
};

function item(type: OutboxItem["type"], id: string, body: Record<string, unknown>, status: OutboxItem["status"] = "pending"): OutboxItem {
  return { id, type, groupId: G, body, status, attempts: 0, label: "", createdAt: "" };
}

const names: Record<string, string> = { ana: "Ana", ben: "Ben", cid: "Cid" };
const name = (id: string) => names[id] ?? "someone";

describe("paymentViews", () => {
  it("lists the server's payments, newest first, leaving out voided ones", () => {
    const older = { ...server, id: "s0", date: "2026-11-01" };
    const voided = { ...server, id: "s2", voided: true };
    expect(paymentViews([older, server, voided], [], G, "EUR").map((p) => p.id)).toEqual(["s1", "s0"]);
  });

  it("shows a queued payment, a queued edit over the server's, and takes a queued void off", () => {
    const body = { from: "cid", to: "ana", amount: { amount: "5.00", currency: "EUR" }, date: "2026-11-03" };
    const views = paymentViews([server], [
      item("settlement.record", "s9", body),
      item("settlement.amend", "c1", { ...server, amount: { amount: "25.00", currency: "EUR" }, settlementId: "s1", ifMatch: "1" }),
    ], G, "EUR");
    expect(views.map((p) => [p.id, p.pending, p.amount.amount, p.version])).toEqual([
      ["s9", "record", "5.00", 0],
      ["s1", "amend", "25.00", 1],
    ]);
    expect(paymentViews([server], [item("settlement.void", "c2", { settlementId: "s1" })], G, "EUR")).toEqual([]);
  });

  it("keeps a refused edit or void on the payment, with its problem; other groups' items count for nothing", () => {
    const refused = item("settlement.void", "c3", { settlementId: "s1" }, "rejected");
    const [view] = paymentViews([server], [refused, { ...item("settlement.void", "c4", { settlementId: "s1" }), groupId: "g2" }], G, "EUR");
    expect(view.id).toBe("s1");
    expect(view.rejected).toBe(refused);
  });
});

describe("paymentMatches", () => {
  it("applies the member, date and search filters; a category filter hides payments", () => {
    expect(paymentMatches(server, {}, name)).toBe(true);
    expect(paymentMatches(server, { category: "food" }, name)).toBe(false);
    expect(paymentMatches(server, { memberId: "ben" }, name)).toBe(true);
    expect(paymentMatches(server, { memberId: "cid" }, name)).toBe(false);
    expect(paymentMatches(server, { from: "2026-11-03" }, name)).toBe(false);
    expect(paymentMatches(server, { to: "2026-11-02" }, name)).toBe(true);
    expect(paymentMatches(server, { q: "ca" }, name)).toBe(true);
    expect(paymentMatches(server, { q: "ben pay" }, name)).toBe(true);
    expect(paymentMatches(server, { q: "dinner" }, name)).toBe(false);
  });
});

describe("withPayments", () => {
  const e = (id: string, date: string) => ({ id, date });
  const p = (id: string, date: string) => ({ ...server, id, date });
  const ids = (items: ReturnType<typeof withPayments<{ id: string; date: string }>>) =>
    items.map((i) => ("payment" in i ? `p:${i.payment.id}` : `e:${i.expense.id}`));

  it("puts payments among the expenses by date, a payment first on its date", () => {
    const expenses = [e("e3", "2026-11-05"), e("e2", "2026-11-02"), e("e1", "2026-11-01")];
    const payments = [p("p2", "2026-11-06"), p("p1", "2026-11-02"), p("p0", "2026-10-30")];
    expect(ids(withPayments(expenses, payments, false))).toEqual(["p:p2", "e:e3", "p:p1", "e:e2", "e:e1", "p:p0"]);
  });

  it("holds back payments older than the expenses loaded while more are to load", () => {
    const expenses = [e("e3", "2026-11-05"), e("e2", "2026-11-02")];
    const payments = [p("p1", "2026-11-02"), p("p0", "2026-10-30")];
    expect(ids(withPayments(expenses, payments, true))).toEqual(["e:e3", "p:p1", "e:e2"]);
    expect(ids(withPayments([], payments, false))).toEqual(["p:p1", "p:p0"]);
  });
});
