/**
 * Forgeries of values: timestamps, amounts and currencies. Part of `FORGERIES`
 * (`forgery.ts`), in its order.
 *
 * @module
 */
import { computeExpense } from "../group/expense_math.ts";
import type { ExpenseInput } from "../group/commands.ts";
import type { ExpenseData } from "../group/events.ts";
import { formatAmount } from "../money/money.ts";
import type { Forgery } from "./forgery.ts";
import {
  choose,
  edit,
  forgedEvent,
  forgedId,
  indices,
  insert,
  isExpense,
  ownerUser,
  recomputed,
  retime,
  scale,
  stateBefore,
} from "./_forgery_kit.ts";

/** See `FORGERIES`. */
export const VALUE_FORGERIES: readonly Forgery[] = [
  // Timestamps.
  ...([
    ["time: a year alone", "2026"],
    ["time: year 0000", "0000-06-01T00:00:00.000Z"],
    ["time: year 10000", "+010000-01-01T00:00:00.000Z"],
    ["time: year 10000 written short", "10000-01-01T00:00:00Z"],
    ["time: 30 February", "2026-02-30T10:00:00.000Z"],
    ["time: no zone", "2026-03-01T10:00:00.000"],
    ["time: far after the import", "9999-12-31T23:59:59.999Z"],
    ["time: a number", 1_764_000_000_000],
    ["time: missing", undefined],
  ] as const).map(([name, value]): Forgery => ({
    name,
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge: retime(value),
  })),
  {
    name: "time: one event of a command at another time",
    refusedWith: ["dump.bad_history"],
    exact: false,
    // A rename and a role change (or a rename and a new currency) are also two valid commands.
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) => i > 0 && events[i - 1].metadata.commandId === e.metadata.commandId,
        ),
        pick,
      );
      return i === null
        ? null
        : edit(events, i, (e) =>
          e.metadata.at = new Date(Date.parse(e.metadata.at as string) + 1).toISOString());
    },
  },
  // Amounts.
  {
    name: "amount: the total changed alone",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const t = (e.data as ExpenseData).total;
        t.amount = scale(t.amount, t.currency, 2n);
      });
    },
  },
  {
    name: "amount: one minor unit moved between two shares",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(events, (e) => isExpense(e) && (e.data as ExpenseData).shares.length >= 2),
        pick,
      );
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        const c = d.converted.currency;
        const unit = (a: string, by: bigint) => formatAmount(BigInt(a.replace(".", "")) + by, c);
        d.shares[0].amount = unit(d.shares[0].amount, 1n);
        d.shares[1].amount = unit(d.shares[1].amount, -1n);
      });
    },
  },
  {
    name: "amount: owed more than paid",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        const c = d.converted.currency;
        d.shares[0].amount = formatAmount(BigInt(d.converted.amount.replace(".", "")) + 1n, c);
      });
    },
  },
  {
    name: "amount: a consistent expense ten times larger",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge: (events, pick) =>
      recomputed(events, pick, (input) => {
        const c = input.total.currency;
        const split = input.split;
        return {
          ...input,
          total: { amount: scale(input.total.amount, c, 10n), currency: c },
          paidBy: input.paidBy.map((p) => ({ ...p, amount: scale(p.amount, c, 10n) })),
          split: split?.mode === "exact"
            ? {
              mode: "exact",
              shares: split.shares.map((s) => ({ ...s, amount: scale(s.amount, c, 10n) })),
            }
            : split,
        };
      }),
  },
  {
    name: "amount: larger than any amount",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        const huge = "9".repeat(30);
        d.total.amount = huge;
        d.paidBy.forEach((p) => p.amount = huge);
        d.converted.amount = huge;
        d.paid.forEach((p) => p.amount = huge);
        d.shares.forEach((s) => s.amount = huge);
      });
    },
  },
  {
    name: "amount: negative",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "SettlementRecorded"), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as { amount: { amount: string }; converted: { amount: string } };
        d.amount.amount = "-" + d.amount.amount;
        d.converted.amount = "-" + d.converted.amount;
      });
    },
  },
  {
    name: "amount: a member's totals past the ledger's limit",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      // The largest expense there is, paid and owed by one member, 101 times: each is valid alone.
      const i = choose(
        indices(events, (e) => e.type === "ExpenseRecorded" && (e.data as ExpenseData).fx === null),
        pick,
      );
      if (i === null) return null;
      const like = events[i];
      const state = stateBefore(events, i);
      const member = (like.data as ExpenseData).paidBy[0].memberId;
      const c = state.currency;
      const most = formatAmount(999_999_999_999_999n, c);
      const input: ExpenseInput = {
        description: "Forged",
        total: { amount: most, currency: c },
        date: "2026-06-01",
        category: "other",
        paidBy: [{ memberId: member, amount: most }],
        split: { mode: "equal", shares: [{ memberId: member }] },
      };
      const data = computeExpense(state, input, null);
      const extra = Array.from(
        { length: 101 },
        (_, k) =>
          forgedEvent(like, "ExpenseRecorded", {
            expenseId: forgedId(1000 + k),
            revision: 1,
            ...data,
          }, 2000 + k),
      );
      return insert(events, i + 1, ...extra);
    },
  },
  {
    name: "amount: not a number",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null
        ? null
        : edit(events, i, (e) => (e.data as ExpenseData).total.amount = "1e3");
    },
  },
  // Currencies.
  {
    name: "currency: a code that is not ISO 4217",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null
        ? null
        : edit(events, i, (e) => (e.data as ExpenseData).total.currency = "XQZ");
    },
  },
  ...([
    ["fx: a rate's source that is free text", "European Central Bank <b>official</b>"],
    ["fx: a rate's source with a NUL character", "ecb\u0000"],
    ["fx: a rate's source of 100,000 characters", "e".repeat(100_000)],
  ] as const).map(([name, source]): Forgery => ({
    name,
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(events, (e) => isExpense(e) && (e.data as ExpenseData).fx !== null),
        pick,
      );
      return i === null ? null : edit(events, i, (e) => {
        (e.data as ExpenseData).fx!.source = source;
      });
    },
  })),
  {
    name: "currency: in lower case",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        d.converted.currency = d.converted.currency.toLowerCase();
      });
    },
  },
  {
    name: "currency: converted into another currency than the group's",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        d.converted.currency = d.converted.currency === "CHF" ? "SEK" : "CHF";
      });
    },
  },
  {
    name: "currency: the group's changed after an expense",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      if (i === null) return null;
      const state = stateBefore(events, i + 1);
      const owner = ownerUser(state);
      if (owner === null) return null;
      return insert(
        events,
        i + 1,
        forgedEvent(
          events[i],
          "GroupCurrencyChanged",
          { currency: state.currency === "NOK" ? "DKK" : "NOK" },
          1,
          { actor: owner },
        ),
      );
    },
  },
];
