/**
 * The expense form's fields (what a person types, in the page's locale) from the expense being
 * edited, and the API's expense body from those fields. A refund (ADR 0050) is typed with
 * positive amounts and sent negated.
 *
 * @module
 */
import { type ChargeRows, itemizedPreview, type ItemRow, itemsOfRows, normaliseAmountInput, rowsOfItems } from "#lib/money/mod.ts";
import type { CategoryKey, ExpenseBody, Member, Split } from "#lib/types.ts";
import { typedAmount, typedDecimal } from "./typed_amount.ts";

/** How the expense is split. */
export type SplitMode = Split["mode"];

/** Everything the expense form edits, as typed. */
export interface ExpenseFields {
  description: string;
  refund: boolean;
  amountText: string;
  currency: string;
  date: string;
  category: CategoryKey;
  note: string;
  payerMode: "single" | "multiple";
  payer: string;
  payerAmounts: Record<string, string>;
  payerChecked: Record<string, boolean>;
  mode: SplitMode;
  itemized: boolean;
  itemRows: ItemRow[];
  chargeRows: ChargeRows;
  included: Record<string, boolean>;
  exact: Record<string, string>;
  adjust: Record<string, string>;
  percent: Record<string, string>;
  weight: Record<string, string>;
  overrideRate: boolean;
  rateText: string;
}

const unsigned = (a: string) => (a.startsWith("-") ? a.slice(1) : a);

type SeedShare = { memberId: string; amount?: string; percent?: string; weight?: number; adjustment?: string };

/** The fields for a new expense (no `seed`) or for editing `seed`, with its frozen conversion. */
export function fieldsOfExpense(
  seed: ExpenseBody | undefined,
  seedFx: { rate: string; date: string; source: string } | null | undefined,
  context: { members: readonly Member[]; me?: string; groupCurrency: string; today: string },
): ExpenseFields {
  // Amounts shown in the fields are written the locale's way ("12,50" in German); typed back, they
  // are read by normaliseAmountInput.
  const seedCurrency = seed?.total.currency ?? context.groupCurrency;
  const typed = (a: string) => typedAmount(a, seedCurrency);
  const singlePayer = !seed || (seed.paidBy.length === 1 && seed.paidBy[0].amount === seed.total.amount);
  const seedRows = rowsOfItems(seed?.items, seed?.charges);
  const seedShares = (seed?.split.shares ?? []) as SeedShare[];
  const sharesWith = <K extends keyof SeedShare>(key: K, show: (v: NonNullable<SeedShare[K]>) => string) =>
    Object.fromEntries(seedShares.filter((s) => s[key] !== undefined).map((s) => [s.memberId, show(s[key]!)]));
  return {
    description: seed?.description ?? "",
    refund: seed?.total.amount.startsWith("-") ?? false,
    amountText: typed(unsigned(seed?.total.amount ?? "")),
    currency: seed?.total.currency ?? context.groupCurrency,
    date: seed?.date ?? context.today,
    category: seed?.category ?? "other",
    note: seed?.note ?? "",
    payerMode: singlePayer ? "single" : "multiple",
    payer: seed?.paidBy[0]?.memberId ?? context.me ?? context.members[0]?.id ?? "",
    payerAmounts: Object.fromEntries((seed?.paidBy ?? []).map((p) => [p.memberId, typed(unsigned(p.amount))])),
    payerChecked: Object.fromEntries((seed?.paidBy ?? []).map((p) => [p.memberId, true])),
    mode: seed?.split.mode ?? "equal",
    itemized: !!seed?.items,
    itemRows: seedRows.rows,
    chargeRows: seedRows.charges,
    included: seed
      ? Object.fromEntries(seedShares.map((s) => [s.memberId, true]))
      : Object.fromEntries(context.members.filter((mb) => mb.active).map((mb) => [mb.id, true])),
    exact: sharesWith("amount", (a) => typed(unsigned(a))),
    adjust: sharesWith("adjustment", (a) => typed(a)),
    percent: sharesWith("percent", (p) => typedDecimal(p)),
    weight: sharesWith("weight", (w) => String(w)),
    overrideRate: seedFx?.source === "client" || !!seed?.fx,
    rateText: typedDecimal(seed?.fx?.rate ?? (seedFx?.source === "client" ? seedFx.rate : "")),
  };
}

/** The split as typed, members in the order of `ids`. */
function splitOfFields(f: ExpenseFields, ids: readonly string[], sign: (a: string) => string): Split {
  switch (f.mode) {
    case "equal":
      return { mode: f.mode, shares: ids.filter((id) => f.included[id]).map((memberId) => ({ memberId })) };
    case "exact":
      return {
        mode: f.mode,
        shares: ids.filter((id) => (f.exact[id] ?? "").trim() !== "")
          .map((memberId) => ({ memberId, amount: sign(normaliseAmountInput(f.exact[memberId])) })),
      };
    case "adjustment":
      return {
        mode: f.mode,
        shares: ids.filter((id) => f.included[id])
          .map((memberId) => ({ memberId, adjustment: normaliseAmountInput(f.adjust[memberId] ?? "") || "0" })),
      };
    case "percent":
      return {
        mode: f.mode,
        shares: ids.filter((id) => (f.percent[id] ?? "").trim() !== "")
          .map((memberId) => ({ memberId, percent: normaliseAmountInput(f.percent[memberId]) })),
      };
    case "shares":
      return {
        mode: f.mode,
        shares: ids.filter((id) => (f.weight[id] ?? "").trim() !== "")
          .map((memberId) => ({ memberId, weight: /^\d+$/.test(f.weight[memberId].trim()) ? Number(f.weight[memberId].trim()) : -1 })),
      };
  }
}

/**
 * The body to send: the members listed in the form, in `ids` order; `foreign` when the expense's
 * currency is not the group's (only then is a typed rate sent).
 */
export function expenseOfFields(f: ExpenseFields, ids: readonly string[], foreign: boolean): ExpenseBody {
  const totalText = normaliseAmountInput(f.amountText);
  const sign = (a: string) => (f.refund && a !== "" ? `-${a}` : a);
  const paidBy = f.payerMode === "single"
    ? [{ memberId: f.payer, amount: sign(totalText) }]
    : ids.filter((id) => f.payerChecked[id]).map((id) => ({ memberId: id, amount: sign(normaliseAmountInput(f.payerAmounts[id] ?? "")) }));
  let split = splitOfFields(f, ids, sign);
  const bill = f.itemized ? itemsOfRows(f.itemRows, f.chargeRows, ids, f.refund) : null;
  if (bill) {
    try {
      split = itemizedPreview(bill.items, bill.charges, f.currency).split;
    } catch {
      split = { mode: "exact", shares: [] };
    }
  }
  const body: ExpenseBody = {
    description: f.description.trim(),
    total: { amount: sign(totalText), currency: f.currency },
    date: f.date,
    category: f.category,
    paidBy,
    split,
    ...(bill ? { items: bill.items, charges: bill.charges } : {}),
    note: f.note.trim() === "" ? null : f.note,
  };
  if (foreign && f.overrideRate && f.rateText.trim()) body.fx = { rate: normaliseAmountInput(f.rateText) };
  return body;
}
