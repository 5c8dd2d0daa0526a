import { describe, expect, it } from "vitest";
import type { ExpenseBody, Member } from "#lib/types.ts";
import { expenseOfFields, fieldsOfExpense } from "./expense_fields.ts";

const members = [
  { id: "a", name: "Ana", active: true },
  { id: "b", name: "Ben", active: true },
  { id: "c", name: "Cy", active: false },
] as Member[];
const context = { members, me: "b", groupCurrency: "EUR", today: "2026-12-06" };

describe("fieldsOfExpense()", () => {
  it("starts a new expense in the group's currency, paid by me, split equally among the active members", () => {
    const f = fieldsOfExpense(undefined, null, context);
    expect(f).toMatchObject({
      description: "",
      amountText: "",
      currency: "EUR",
      date: "2026-12-06",
      category: "other",
      payerMode: "single",
      payer: "b",
      mode: "equal",
      itemized: false,
      included: { a: true, b: true },
      overrideRate: false,
      rateText: "",
    });
  });

  it("types a refund's amounts unsigned and keeps the typed rate of a client conversion", () => {
    const seed: ExpenseBody = {
      description: "Return",
      total: { amount: "-30.00", currency: "USD" },
      date: "2026-11-01",
      category: "food",
      paidBy: [{ memberId: "a", amount: "-10.00" }, { memberId: "b", amount: "-20.00" }],
      split: { mode: "exact", shares: [{ memberId: "a", amount: "-12.50" }, { memberId: "c", amount: "-17.50" }] },
      note: null,
    };
    const f = fieldsOfExpense(seed, { rate: "1.0842", date: "2026-11-01", source: "client" }, context);
    expect(f).toMatchObject({
      refund: true,
      amountText: "30.00",
      payerMode: "multiple",
      payerAmounts: { a: "10.00", b: "20.00" },
      payerChecked: { a: true, b: true },
      included: { a: true, c: true },
      exact: { a: "12.50", c: "17.50" },
      overrideRate: true,
      rateText: "1.0842",
    });
  });
});

describe("expenseOfFields()", () => {
  it("gives back the body the fields were seeded from", () => {
    const seed: ExpenseBody = {
      description: "Dinner",
      total: { amount: "-30.00", currency: "EUR" },
      date: "2026-11-01",
      category: "food",
      paidBy: [{ memberId: "a", amount: "-10.00" }, { memberId: "b", amount: "-20.00" }],
      split: { mode: "percent", shares: [{ memberId: "a", percent: "25" }, { memberId: "b", percent: "75" }] },
      note: "late",
    };
    expect(expenseOfFields(fieldsOfExpense(seed, null, context), ["a", "b", "c"], false)).toEqual(seed);
  });

  it("sends weights that are not whole numbers as -1, and a typed rate only for a foreign currency", () => {
    const f = { ...fieldsOfExpense(undefined, null, context), description: " Taxi ", amountText: "12.5", mode: "shares" as const };
    f.weight = { a: "2", b: "1.5" };
    f.overrideRate = true;
    f.rateText = "1.1";
    const body = expenseOfFields(f, ["a", "b"], false);
    expect(body.description).toBe("Taxi");
    expect(body.split).toEqual({ mode: "shares", shares: [{ memberId: "a", weight: 2 }, { memberId: "b", weight: -1 }] });
    expect(body.fx).toBeUndefined();
    expect(expenseOfFields(f, ["a", "b"], true).fx).toEqual({ rate: "1.1" });
  });
});
