/**
 * Conflicts between a queued edit and the server (ADR 0041): an
 * `expense.amend` or `expense.void` sent with `ifMatch` = the version it was
 * made on, refused with 412 `version.stale` because someone changed the
 * expense meanwhile. Pure functions: the three-way comparison field by field
 * (base → mine, base → theirs), who changed each field and when (from
 * `GET …/expenses/{e}/history`), the merge of the person's choices, and the
 * words the app uses instead of the server's "version 1 is stale".
 *
 * @module
 */
import type { OutboxItem } from "../db.ts";
import type { Expense, ExpenseBody } from "../types.ts";
import { categoryLabel, formatDate, formatMoney } from "../format.ts";
import { sentence } from "../sentence.ts";

/** The fields a person compares, in the order the form shows them. */
export const FIELDS = [
  { key: "description", label: "Description" },
  { key: "amount", label: "Amount" },
  { key: "date", label: "Date" },
  { key: "category", label: "Category" },
  { key: "payers", label: "Paid by" },
  { key: "split", label: "Split" },
  { key: "note", label: "Note" },
  { key: "rate", label: "Exchange rate" },
] as const;

/** A compared field. */
export type FieldKey = (typeof FIELDS)[number]["key"];

/**
 * How a field differs: `same` (both sides hold the same value), `mine` (only
 * I changed it), `theirs` (only the server's side changed it), `both` (each
 * changed it differently: a person decides).
 */
export type FieldState = "same" | "mine" | "theirs" | "both";

/** Which side a merged field takes. */
export type Side = "mine" | "theirs";

/** One version of an expense as `GET /v1/groups/{g}/expenses/{e}/history` answers it. */
export interface ExpenseVersion {
  version: number;
  change: "recorded" | "amended" | "voided";
  at: string;
  actor: { memberId: string; name: string } | null;
  expense: Omit<Expense, "id" | "kind" | "version" | "voided" | "createdAt" | "updatedAt">;
}

/** Who changed a field since the base version, and when (the last such change). */
export interface ChangedBy {
  /** Everyone who changed it, in order, without repeats ("someone" for a former member). */
  names: string[];
  /** When it was last changed. */
  at: string;
}

/** One row of the comparison. */
export interface FieldDiff {
  key: FieldKey;
  label: string;
  state: FieldState;
  /** Null when the base version is not known. */
  base: string | null;
  mine: string;
  theirs: string;
  /** Who changed it on the server's side since the base version (states `theirs` and `both`). */
  changedBy: ChangedBy | null;
}

/** Member names for display. */
export type NameOf = (memberId: string) => string;

/** The body of an expense as it would be sent again (the request-shaped fields). */
export function bodyOfExpense(e: ExpenseVersion["expense"] | Expense): ExpenseBody {
  return {
    description: e.description,
    total: e.total,
    date: e.date,
    category: e.category,
    paidBy: e.paidBy,
    split: e.split,
    ...(e.items ? { items: e.items, charges: e.charges ?? {} } : {}),
    note: e.note ?? null,
    ...(e.fx?.source === "client" ? { fx: { rate: e.fx.rate } } : {}),
  };
}

/** The expense fields of a queued amend's body (without `expenseId` and `ifMatch`). */
export function bodyOfItem(item: OutboxItem): ExpenseBody {
  const { expenseId: _e, ifMatch: _m, ...rest } = item.body as Record<string, unknown>;
  return rest as unknown as ExpenseBody;
}

const byMember = <T extends { memberId: string }>(xs: readonly T[]) =>
  [...xs].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));

/** A single payer of the whole amount: the amount follows the total, only who matters. */
function singlePayer(b: ExpenseBody): string | null {
  return b.paidBy.length === 1 ? b.paidBy[0].memberId : null;
}

/** A canonical value of a field, for comparing. */
export function fieldKey(b: ExpenseBody, key: FieldKey): string {
  switch (key) {
    case "description":
      return b.description;
    case "amount":
      return `${b.total.amount} ${b.total.currency}`;
    case "date":
      return b.date;
    case "category":
      return b.category;
    case "payers": {
      const one = singlePayer(b);
      return one ?? JSON.stringify(byMember(b.paidBy).map((p) => [p.memberId, p.amount]));
    }
    case "split":
      return JSON.stringify([b.split.mode, byMember(b.split.shares as { memberId: string }[])]);
    case "note":
      return b.note ?? "";
    case "rate":
      return b.fx?.rate ?? "";
  }
}

/** A field as a person reads it. */
export function fieldText(b: ExpenseBody, key: FieldKey, name: NameOf): string {
  switch (key) {
    case "description":
      return b.description;
    case "amount":
      return formatMoney(b.total);
    case "date":
      return formatDate(b.date);
    case "category":
      return categoryLabel(b.category);
    case "payers": {
      const one = singlePayer(b);
      if (one) return name(one);
      return byMember(b.paidBy)
        .map((p) => `${name(p.memberId)} ${formatMoney({ amount: p.amount, currency: b.total.currency })}`)
        .join(", ");
    }
    case "split": {
      const shares = b.split.shares as { memberId: string; amount?: string; percent?: string; weight?: number }[];
      const each = (s: (typeof shares)[number]) =>
        s.amount !== undefined
          ? `${name(s.memberId)} ${formatMoney({ amount: s.amount, currency: b.total.currency })}`
          : s.percent !== undefined
          ? `${name(s.memberId)} ${s.percent} %`
          : s.weight !== undefined
          ? `${name(s.memberId)} × ${s.weight}`
          : name(s.memberId);
      const how = { equal: "Equally", exact: "Exact amounts", percent: "Percentages", shares: "Shares", adjustment: "Adjustments" }[b.split.mode];
      return `${how}: ${byMember(shares).map(each).join(", ")}`;
    }
    case "note":
      return b.note ?? "";
    case "rate":
      return b.fx?.rate ? `${b.fx.rate} (own rate)` : "The server's rate for the date";
  }
}

/**
 * Who changed `key` on the server's side after `baseVersion`: the history's
 * versions compared one after the other (a void changes no field). With no
 * base version known, every change after the first version counts.
 */
export function changedBy(history: readonly ExpenseVersion[], baseVersion: number | null, key: FieldKey): ChangedBy | null {
  const names: string[] = [];
  let at = "";
  for (let i = 1; i < history.length; i++) {
    const v = history[i];
    if (baseVersion !== null && v.version <= baseVersion) continue;
    if (fieldKey(bodyOfExpense(history[i - 1].expense), key) === fieldKey(bodyOfExpense(v.expense), key)) continue;
    const who = v.actor?.name ?? "someone";
    if (!names.includes(who)) names.push(who);
    at = v.at;
  }
  return names.length === 0 ? null : { names, at };
}

/** The state of one field from its three values (`base` null: not known, every difference is a decision). */
export function stateOf(base: string | null, mine: string, theirs: string): FieldState {
  if (mine === theirs) return "same";
  if (base === null) return "both";
  if (base === theirs) return "mine";
  if (base === mine) return "theirs";
  return "both";
}

/**
 * Compares my version with the server's, field by field, against the base
 * version both started from when it is known.
 */
export function compare(
  base: ExpenseBody | null,
  mine: ExpenseBody,
  theirs: ExpenseBody,
  history: readonly ExpenseVersion[],
  baseVersion: number | null,
  name: NameOf,
): FieldDiff[] {
  return FIELDS.map(({ key, label }) => {
    const state = stateOf(base && fieldKey(base, key), fieldKey(mine, key), fieldKey(theirs, key));
    return {
      key,
      label,
      state,
      base: base && fieldText(base, key, name),
      mine: fieldText(mine, key, name),
      theirs: fieldText(theirs, key, name),
      changedBy: state === "theirs" || state === "both" ? changedBy(history, baseVersion, key) : null,
    };
  });
}

/** The side each field takes before a person chooses: the one that changed it; none when both did. */
export function defaultChoices(diffs: readonly FieldDiff[]): Partial<Record<FieldKey, Side>> {
  const out: Partial<Record<FieldKey, Side>> = {};
  for (const d of diffs) {
    if (d.state === "mine") out[d.key] = "mine";
    else if (d.state === "theirs" || d.state === "same") out[d.key] = "theirs";
  }
  return out;
}

/** The fields that still need a choice. */
export function undecided(diffs: readonly FieldDiff[], choices: Partial<Record<FieldKey, Side>>): FieldKey[] {
  return diffs.filter((d) => choices[d.key] === undefined).map((d) => d.key);
}

/**
 * The merged body: each field from the chosen side. A single payer pays the
 * merged total (so taking one side's amount and the other's payer adds up).
 */
export function merge(mine: ExpenseBody, theirs: ExpenseBody, choices: Partial<Record<FieldKey, Side>>): ExpenseBody {
  const from = (key: FieldKey) => (choices[key] === "mine" ? mine : theirs);
  const total = from("amount").total;
  const payers = from("payers");
  const paidBy = payers.paidBy.length === 1 ? [{ memberId: payers.paidBy[0].memberId, amount: total.amount }] : payers.paidBy;
  const rate = from("rate").fx;
  const note = from("note").note ?? null;
  return {
    description: from("description").description,
    total,
    date: from("date").date,
    category: from("category").category,
    paidBy,
    split: from("split").split,
    note,
    ...(rate ? { fx: { rate: rate.rate } } : {}),
  };
}

/** Whether two bodies are the same expense (every compared field equal). */
export function sameBody(a: ExpenseBody, b: ExpenseBody): boolean {
  return FIELDS.every(({ key }) => fieldKey(a, key) === fieldKey(b, key));
}

/** Whether a refused command is a conflict: someone changed the thing after this edit was made. */
export function isConflict(item: OutboxItem): boolean {
  return (item.type === "expense.amend" || item.type === "expense.void") &&
    (item.problem?.code === "version.stale" || item.problem?.status === 412);
}

/**
 * What a refused command's problem means, in words a person reads: for a
 * conflict, what happened and what to do (never "version 1 is stale"); else
 * the server's own detail.
 */
export function refusalText(item: OutboxItem): string {
  if (isConflict(item)) {
    return item.type === "expense.void"
      ? "Someone else changed this expense before your void reached the server. See what changed, then void it or keep it."
      : "Someone else changed this expense while your edit was waiting. Compare both versions and choose what to keep.";
  }
  return item.problem?.detail ? sentence(item.problem.detail) : `The server answered ${item.problem?.status ?? "with an error"}`;
}
