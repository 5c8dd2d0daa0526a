/**
 * The ADR 0050 expenses of the full import history: an adjustment split, a
 * refund in a foreign currency and an itemized bill with charges, so that
 * import, source checks and dumps see them.
 *
 * @module
 */
import type { GroupCommand } from "../group/commands.ts";

/** The commands, each with who sends it (`ann` or `owner`). */
export function itemizedCommands(
  m: { ann: string; ben: string; eve: string },
  date: string,
  id: () => string,
): [GroupCommand, "ann" | "owner"][] {
  const base = { date, category: "food" as const };
  return [
    [{
      type: "expense.record",
      expenseId: id(),
      input: {
        ...base,
        description: "Adjusted",
        total: { amount: "20.00", currency: "EUR" },
        paidBy: [{ memberId: m.ann, amount: "20.00" }],
        split: {
          mode: "adjustment",
          shares: [{ memberId: m.ann, adjustment: "2.50" }, {
            memberId: m.ben,
            adjustment: "-1.00",
          }],
        },
      },
      fx: null,
    }, "ann"],
    [{
      type: "expense.record",
      expenseId: id(),
      input: {
        ...base,
        description: "Refund",
        total: { amount: "-7.500", currency: "BHD" },
        paidBy: [{ memberId: m.ann, amount: "-7.500" }],
        split: { mode: "equal", shares: [{ memberId: m.ben }, { memberId: m.ann }] },
      },
      fx: { kind: "converted", amount: "-18.25", date },
    }, "owner"],
    [{
      type: "expense.record",
      expenseId: id(),
      input: {
        ...base,
        description: "Itemized",
        total: { amount: "33.00", currency: "EUR" },
        paidBy: [{ memberId: m.ben, amount: "33.00" }],
        items: [
          {
            description: "A",
            amount: "10.00",
            split: { mode: "equal", shares: [{ memberId: m.ann }] },
          },
          {
            description: "B",
            amount: "20.00",
            split: {
              mode: "shares",
              shares: [{ memberId: m.ben, weight: 1 }, { memberId: m.eve, weight: 2 }],
            },
          },
        ],
        charges: { tax: { percent: "5" }, service: { amount: "1.50" } },
      },
      fx: null,
    }, "ann"],
  ];
}
