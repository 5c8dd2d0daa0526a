import { describe, expect, it } from "vitest";
import type { ExpenseRow } from "../db.ts";
import type { Expense } from "../types.ts";
import { reconcileWindow, windowOf } from "./reconcile.ts";

function expense(id: string, date: string, extra: Partial<Expense> = {}): Expense {
  return {
    id,
    kind: "expense",
    version: 1,
    voided: false,
    date,
    description: id,
    category: "food",
    note: null,
    total: { amount: "10.00", currency: "EUR" },
    fx: null,
    converted: { amount: "10.00", currency: "EUR" },
    paidBy: [{ memberId: "m1", amount: "10.00" }],
    split: { mode: "equal", shares: [{ memberId: "m1" }] },
    paid: [{ memberId: "m1", amount: "10.00" }],
    shares: [{ memberId: "m1", amount: "10.00" }],
    ...extra,
  } as Expense;
}

const row = (id: string, date: string, extra: Partial<Expense> = {}): ExpenseRow => ({
  ...expense(id, date, extra),
  groupId: "g",
});

describe("windowOf", () => {
  it("the first and last page covers every date", () => {
    expect(windowOf({ items: [expense("a", "2026-05-02")], first: true, last: true }))
      .toEqual({ after: null, before: null });
    expect(windowOf({ items: [], first: true, last: true })).toEqual({ after: null, before: null });
  });

  it("a first page with more after it covers the dates after its last item's", () => {
    const items = [expense("a", "2026-05-09"), expense("b", "2026-05-03")];
    expect(windowOf({ items, first: true, last: false })).toEqual({ after: "2026-05-03", before: null });
  });

  it("a middle page covers the dates strictly between its ends; an empty one none", () => {
    const items = [expense("a", "2026-05-09"), expense("b", "2026-05-03")];
    expect(windowOf({ items, first: false, last: false })).toEqual({ after: "2026-05-03", before: "2026-05-09" });
    expect(windowOf({ items: [], first: false, last: false })).toBeNull();
  });
});

describe("reconcileWindow", () => {
  it("an expense voided elsewhere is cached as voided", () => {
    const cached = [row("a", "2026-05-02"), row("b", "2026-05-01")];
    const answer = {
      items: [expense("a", "2026-05-02"), expense("b", "2026-05-01", { voided: true, version: 2 })],
      first: true,
      last: true,
    };
    const r = reconcileWindow(cached, answer, {});
    expect(r.drop).toEqual([]);
    expect(r.put.find((e) => e.id === "b")?.voided).toBe(true);
  });

  it("a cached row of the window the server no longer lists there is dropped", () => {
    // "b" was moved to another date (outside this page); "c" is older than the page.
    const cached = [row("a", "2026-05-09"), row("b", "2026-05-05"), row("c", "2026-04-01")];
    const answer = { items: [expense("a", "2026-05-09"), expense("d", "2026-05-03")], first: true, last: false };
    expect(reconcileWindow(cached, answer, {}).drop).toEqual(["b"]);
  });

  it("rows on a date the page only partly covers stay", () => {
    const cached = [row("x", "2026-05-03"), row("y", "2026-05-09")];
    const answer = { items: [expense("a", "2026-05-09"), expense("d", "2026-05-03")], first: false, last: false };
    expect(reconcileWindow(cached, answer, {}).drop).toEqual([]);
  });

  it("the whole list: every cached row it does not hold goes", () => {
    const cached = [row("a", "2026-05-09"), row("gone", "2020-01-01")];
    const answer = { items: [expense("a", "2026-05-09")], first: true, last: true };
    expect(reconcileWindow(cached, answer, {}).drop).toEqual(["gone"]);
  });

  it("keeps this device's writes the answer may not know yet", () => {
    const cached = [row("mine", "2026-05-09")];
    const answer = { items: [], first: true, last: true };
    expect(reconcileWindow(cached, answer, {}, new Set(["mine"])).drop).toEqual([]);
  });

  it("never replaces a row with an older version of it", () => {
    const cached = [row("a", "2026-05-09", { version: 3, voided: true })];
    const answer = { items: [expense("a", "2026-05-09", { version: 2 })], first: true, last: true };
    expect(reconcileWindow(cached, answer, {}).put).toEqual([]);
  });

  it("under date and category filters, only the rows matching them are the window's", () => {
    const cached = [row("food", "2026-05-05"), row("taxi", "2026-05-05", { category: "transport" }), row("old", "2026-03-01")];
    const answer = { items: [], first: true, last: true };
    expect(reconcileWindow(cached, answer, { category: "food", from: "2026-05-01" }).drop).toEqual(["food"]);
  });

  it("under text or member filters nothing is dropped (the server matches them its own way)", () => {
    const cached = [row("a", "2026-05-05")];
    const answer = { items: [], first: true, last: true };
    expect(reconcileWindow(cached, answer, { q: "tax" }).drop).toEqual([]);
    expect(reconcileWindow(cached, answer, { memberId: "m1" }).drop).toEqual([]);
  });

  it("settlements cached beside the expenses are not the expense list's", () => {
    const cached = [{ ...row("s", "2026-05-05"), kind: "settlement" } as unknown as ExpenseRow];
    const answer = { items: [], first: true, last: true };
    expect(reconcileWindow(cached, answer, {}).drop).toEqual([]);
  });
});
