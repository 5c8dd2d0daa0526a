import { describe, expect, it } from "vitest";
import { itemizedPreview } from "./items.ts";
import { type ItemRow, itemsOfRows, rowsOfItems } from "./item_rows.ts";
import { computeExpense } from "./expense.ts";

const rows: ItemRow[] = [
  { description: "Pizza", amount: "20.00", who: { a: true } },
  { description: "Wine", amount: "30,00", who: { a: true, b: true } },
];
const charges = { tax: { value: "10", percent: true }, tip: { value: "3.50", percent: false }, service: { value: "", percent: false } };

describe("the item editor's arithmetic (ADR 0050)", () => {
  it("spreads tax and tip by item subtotal, as the server does", () => {
    const { items, charges: c } = itemsOfRows(rows, charges, ["a", "b"], false);
    const p = itemizedPreview(items, c, "EUR");
    expect(p.amounts).toEqual([4095n, 1755n]);
    expect(p.total).toBe(5850n);
    expect(p.split).toEqual({ mode: "exact", shares: [{ memberId: "a", amount: "40.95" }, { memberId: "b", amount: "17.55" }] });
    expect(c).toEqual({ tax: { percent: "10" }, tip: { amount: "3.50" } });
  });

  it("negates a refund exactly, and reads the rows back unsigned", () => {
    const { items, charges: c } = itemsOfRows(rows, charges, ["a", "b"], true);
    expect(itemizedPreview(items, c, "EUR").amounts).toEqual([-4095n, -1755n]);
    expect(rowsOfItems(items, c).rows.map((r) => r.amount)).toEqual(["20.00", "30.00"]);
  });

  it("previews an adjustment split and a refund", () => {
    const adj = computeExpense({
      total: { amount: "30.00", currency: "EUR" },
      paidBy: [{ memberId: "a", amount: "30.00" }],
      split: { mode: "adjustment", shares: [{ memberId: "a", adjustment: "3.00" }, { memberId: "b", adjustment: "0" }] },
    }, "EUR");
    expect(adj.shares.map((s) => s.minor)).toEqual([1650n, 1350n]);
    const refund = computeExpense({
      total: { amount: "-10.00", currency: "EUR" },
      paidBy: [{ memberId: "a", amount: "-10.00" }],
      split: { mode: "equal", shares: [{ memberId: "a" }, { memberId: "b" }, { memberId: "c" }] },
    }, "EUR");
    expect(refund.shares.map((s) => s.minor)).toEqual([-334n, -333n, -333n]);
    expect(refund.paid.map((s) => s.minor)).toEqual([-1000n]);
  });
});
