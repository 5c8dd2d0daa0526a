import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../db.ts";
import type { ExpenseBody } from "../types.ts";
import {
  bodyOfExpense,
  bodyOfItem,
  changedBy,
  compare,
  defaultChoices,
  type ExpenseVersion,
  fieldKey,
  isConflict,
  merge,
  refusalText,
  sameBody,
  stateOf,
  undecided,
} from "./conflict.ts";

const ANA = "0190a000-0000-7000-8000-00000000000a";
const BEA = "0190a000-0000-7000-8000-00000000000b";
const names: Record<string, string> = { [ANA]: "Ana", [BEA]: "Bea" };
const name = (id: string) => names[id] ?? "?";

const base: ExpenseBody = {
  description: "Groceries",
  total: { amount: "40.00", currency: "EUR" },
  date: "2026-11-20",
  category: "groceries",
  paidBy: [{ memberId: ANA, amount: "40.00" }],
  split: { mode: "equal", shares: [{ memberId: ANA }, { memberId: BEA }] },
  note: null,
};
const mine: ExpenseBody = {
  ...base,
  description: "Weekly groceries",
  total: { amount: "45.00", currency: "EUR" },
  paidBy: [{ memberId: ANA, amount: "45.00" }],
};
const theirs: ExpenseBody = {
  ...base,
  total: { amount: "48.00", currency: "EUR" },
  paidBy: [{ memberId: ANA, amount: "48.00" }],
  note: "with wine",
};

function version(v: number, who: string | null, body: ExpenseBody, change: ExpenseVersion["change"] = "amended"): ExpenseVersion {
  return {
    version: v,
    change,
    at: `2026-12-05T16:0${v}:00.000Z`,
    actor: who ? { memberId: who, name: name(who) } : null,
    expense: {
      ...body,
      note: body.note ?? null,
      fx: null,
      converted: body.total,
      paid: body.paidBy,
      shares: [],
      items: null,
      charges: null,
    },
  };
}
const history = [version(1, ANA, base, "recorded"), version(2, BEA, theirs)];

describe("stateOf", () => {
  it("classifies three values", () => {
    expect(stateOf("a", "a", "a")).toBe("same");
    expect(stateOf("a", "b", "b")).toBe("same");
    expect(stateOf("a", "b", "a")).toBe("mine");
    expect(stateOf("a", "a", "b")).toBe("theirs");
    expect(stateOf("a", "b", "c")).toBe("both");
    expect(stateOf(null, "b", "c")).toBe("both");
    expect(stateOf(null, "b", "b")).toBe("same");
  });
});

describe("compare", () => {
  const diffs = compare(base, mine, theirs, history, 1, name);
  const row = (k: string) => diffs.find((d) => d.key === k)!;

  it("says which side changed each field", () => {
    expect(Object.fromEntries(diffs.map((d) => [d.key, d.state]))).toEqual({
      description: "mine",
      amount: "both",
      date: "same",
      category: "same",
      payers: "same",
      split: "same",
      note: "theirs",
      rate: "same",
    });
  });

  it("shows the three values as people read them", () => {
    expect(row("amount").base).toMatch(/40\.00/);
    expect(row("amount").mine).toMatch(/45\.00/);
    expect(row("amount").theirs).toMatch(/48\.00/);
    expect(row("payers").mine).toBe("Ana");
    expect(row("split").theirs).toBe("Equally: Ana, Bea");
    expect(row("note").theirs).toBe("with wine");
  });

  it("names who changed the server's side, and when", () => {
    expect(row("amount").changedBy).toEqual({ names: ["Bea"], at: "2026-12-05T16:02:00.000Z" });
    expect(row("note").changedBy?.names).toEqual(["Bea"]);
    expect(row("description").changedBy).toBeNull();
  });

  it("without a base, every difference is a decision", () => {
    const blind = compare(null, mine, theirs, history, null, name);
    expect(blind.filter((d) => d.state === "both").map((d) => d.key)).toEqual(["description", "amount", "note"]);
    expect(blind.every((d) => d.base === null)).toBe(true);
  });
});

describe("changedBy", () => {
  it("lists everyone who changed a field after the base, the last time", () => {
    const v3 = { ...theirs, total: { amount: "50.00", currency: "EUR" }, paidBy: [{ memberId: ANA, amount: "50.00" }] };
    const h = [...history, version(3, ANA, v3), version(4, null, v3, "voided")];
    expect(changedBy(h, 1, "amount")).toEqual({ names: ["Bea", "Ana"], at: "2026-12-05T16:03:00.000Z" });
    expect(changedBy(h, 2, "amount")).toEqual({ names: ["Ana"], at: "2026-12-05T16:03:00.000Z" });
    expect(changedBy(h, 3, "amount")).toBeNull();
    expect(changedBy(h, 1, "date")).toBeNull();
  });

  it("calls a former member someone", () => {
    expect(changedBy([history[0], version(2, null, theirs)], 1, "note")?.names).toEqual(["someone"]);
  });
});

describe("merge", () => {
  const diffs = compare(base, mine, theirs, history, 1, name);

  it("takes the changed side by default and leaves clashes undecided", () => {
    const choices = defaultChoices(diffs);
    expect(choices.description).toBe("mine");
    expect(choices.note).toBe("theirs");
    expect(choices.amount).toBeUndefined();
    expect(undecided(diffs, choices)).toEqual(["amount"]);
  });

  it("keeps my change in one field and theirs in others; a single payer pays the merged total", () => {
    const merged = merge(mine, theirs, { ...defaultChoices(diffs), amount: "theirs" });
    expect(merged).toEqual({
      ...base,
      description: "Weekly groceries",
      total: { amount: "48.00", currency: "EUR" },
      paidBy: [{ memberId: ANA, amount: "48.00" }],
      note: "with wine",
    });
    const mineAmount = merge(mine, theirs, { ...defaultChoices(diffs), amount: "mine" });
    expect(mineAmount.paidBy).toEqual([{ memberId: ANA, amount: "45.00" }]);
  });

  it("keeps several payers as chosen, and a rate only when the chosen side has one", () => {
    const several: ExpenseBody = { ...mine, paidBy: [{ memberId: ANA, amount: "20.00" }, { memberId: BEA, amount: "25.00" }], fx: { rate: "1.1" } };
    const merged = merge(several, theirs, { payers: "mine", amount: "mine", rate: "theirs" });
    expect(merged.paidBy).toEqual(several.paidBy);
    expect(merged.fx).toBeUndefined();
    expect(merge(several, theirs, { rate: "mine" }).fx).toEqual({ rate: "1.1" });
  });

  it("all theirs is their expense", () => {
    expect(sameBody(merge(mine, theirs, {}), theirs)).toBe(true);
    expect(sameBody(merge(mine, theirs, Object.fromEntries(diffs.map((d) => [d.key, "mine"]))), mine)).toBe(true);
  });
});

describe("bodies", () => {
  it("reads an expense's and a queued amend's body", () => {
    const e = { ...version(2, BEA, theirs).expense, fx: { rate: "1.2", date: "2026-11-20", source: "client" } };
    expect(bodyOfExpense(e)).toEqual({ ...theirs, fx: { rate: "1.2" } });
    expect(bodyOfExpense({ ...e, fx: { rate: "1.2", date: "2026-11-20", source: "ecb" } }).fx).toBeUndefined();
    const item = { body: { ...mine, expenseId: "x", ifMatch: "1" } } as unknown as OutboxItem;
    expect(bodyOfItem(item)).toEqual(mine);
  });

  it("compares a single payer by who, several by who and how much", () => {
    expect(fieldKey(mine, "payers")).toBe(fieldKey(theirs, "payers"));
    const two = { ...mine, paidBy: [{ memberId: BEA, amount: "5.00" }, { memberId: ANA, amount: "40.00" }] };
    const swapped = { ...mine, paidBy: [{ memberId: ANA, amount: "40.00" }, { memberId: BEA, amount: "5.00" }] };
    expect(fieldKey(two, "payers")).toBe(fieldKey(swapped, "payers"));
    expect(fieldKey(two, "payers")).not.toBe(fieldKey(mine, "payers"));
  });
});

describe("words", () => {
  const stale = (type: OutboxItem["type"]) =>
    ({ type, problem: { status: 412, code: "version.stale", detail: "version 1 is stale: the current version is 2" } }) as OutboxItem;

  it("says what a conflict means, never the version numbers", () => {
    expect(isConflict(stale("expense.amend"))).toBe(true);
    expect(refusalText(stale("expense.amend"))).toMatch(/^Someone else changed this expense/);
    expect(refusalText(stale("expense.void"))).toMatch(/void it or keep it/);
    expect(refusalText(stale("expense.amend"))).not.toMatch(/stale|version \d/);
  });

  it("passes other refusals through, as a sentence", () => {
    const other = { type: "expense.record", problem: { status: 422, detail: "not an active member" } } as OutboxItem;
    expect(isConflict(other)).toBe(false);
    expect(refusalText(other)).toBe("Not an active member");
  });
});
