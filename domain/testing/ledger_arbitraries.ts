/**
 * Generators of group histories for property tests: expenses in every split
 * mode with several payers and foreign currencies, amends, voids and
 * settlements (recorded, amended, voided), played through the real decider (refused commands skipped).
 *
 * @module
 */
import fc from "fast-check";
import type { ExpenseInput, GroupCommand } from "../group/commands.ts";
import { groupBalances } from "../group/balances.ts";
import type { GroupEvent } from "../group/events.ts";
import { foldGroup } from "../group/evolve.ts";
import { initialGroupState } from "../group/state.ts";
import { DomainError } from "../errors.ts";
import { formatAmount } from "../money/money.ts";
import { groupWithMembers, uuid } from "./group_fixtures.ts";

/** Currencies of generated expenses (exponents 0, 2 and 3). */
export const CURRENCIES = ["EUR", "JPY", "BHD", "KWD", "USD"] as const;

/** Splits `total` minor units into `n` positive-ish parts (some may be zero). */
function parts(total: bigint, cuts: number[]): bigint[] {
  const points = cuts.map((c) => (total * BigInt(c)) / 1000n).sort((a, b) => (a < b ? -1 : 1));
  const out: bigint[] = [];
  let prev = 0n;
  for (const p of [...points, total]) {
    out.push(p - prev);
    prev = p;
  }
  return out;
}

/** A generated expense among `members`, with the rate a foreign one uses. */
export const arbExpense = (members: string[]) =>
  fc.record({
    currency: fc.constantFrom(...CURRENCIES),
    minor: fc.bigInt({ min: 1n, max: 10_000_000n }),
    payers: fc.subarray(members, { minLength: 1 }),
    payerCuts: fc.array(fc.integer({ min: 1, max: 999 }), { minLength: 5, maxLength: 5 }),
    sharers: fc.subarray(members, { minLength: 1 }),
    mode: fc.constantFrom("equal", "exact", "percent", "shares"),
    cuts: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 5, maxLength: 5 }),
    weights: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 6, maxLength: 6 }),
    rate: fc.integer({ min: 1, max: 5_000_000 }),
  }).map((g): { input: ExpenseInput; rate: string } => {
    const total = g.minor;
    const payerAmounts = parts(total, g.payerCuts.slice(0, g.payers.length - 1));
    // Payers need positive amounts: fall back to one payer when a cut left zero.
    const payers = payerAmounts.every((a) => a > 0n)
      ? g.payers.map((memberId, i) => ({
        memberId,
        amount: formatAmount(payerAmounts[i], g.currency),
      }))
      : [{ memberId: g.payers[0], amount: formatAmount(total, g.currency) }];
    const exact = parts(total, g.cuts.slice(0, g.sharers.length - 1));
    const pct = parts(100_000n, g.cuts.slice(0, g.sharers.length - 1));
    const split: ExpenseInput["split"] = g.mode === "equal"
      ? { mode: "equal", shares: g.sharers.map((memberId) => ({ memberId })) }
      : g.mode === "exact"
      ? {
        mode: "exact",
        shares: g.sharers.map((memberId, i) => ({
          memberId,
          amount: formatAmount(exact[i], g.currency),
        })),
      }
      : g.mode === "percent"
      ? {
        mode: "percent",
        shares: g.sharers.map((memberId, i) => ({
          memberId,
          percent: formatAmount(pct[i], "BHD"),
        })),
      }
      : {
        mode: "shares",
        shares: g.sharers.map((memberId, i) => ({ memberId, weight: g.weights[i] })),
      };
    return {
      input: {
        description: "Generated",
        total: { amount: formatAmount(total, g.currency), currency: g.currency },
        date: "2026-11-20",
        category: "other",
        paidBy: payers,
        split,
      },
      rate: (g.rate / 10_000).toString(),
    };
  });

/** One generated step of a history. */
export type Step =
  | { kind: "record"; input: ExpenseInput; rate: string }
  | { kind: "amend"; pick: number; input: ExpenseInput; rate: string }
  | { kind: "void"; pick: number }
  | { kind: "settle"; from: number; to: number; minor: bigint }
  | { kind: "resettle"; pick: number; from: number; to: number; minor: bigint }
  | { kind: "unsettle"; pick: number };

/** Up to 25 generated steps among `members`. */
export const arbSteps = (members: string[]) =>
  fc.array(
    fc.oneof(
      { weight: 4, arbitrary: arbExpense(members).map((e): Step => ({ kind: "record", ...e })) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.nat(), arbExpense(members)).map(([pick, e]): Step => ({
          kind: "amend",
          pick,
          ...e,
        })),
      },
      { weight: 1, arbitrary: fc.nat().map((pick): Step => ({ kind: "void", pick })) },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.bigInt({ min: 1n, max: 100_000n })).map((
          [from, to, minor],
        ): Step => ({ kind: "settle", from, to, minor })),
      },
      {
        weight: 2,
        arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.bigInt({ min: 1n, max: 100_000n }))
          .map(([pick, from, to, minor]): Step => ({ kind: "resettle", pick, from, to, minor })),
      },
      { weight: 1, arbitrary: fc.nat().map((pick): Step => ({ kind: "unsettle", pick })) },
    ),
    { minLength: 1, maxLength: 25 },
  );

/** The rate of a generated expense, when it is foreign. */
export function fxFor(input: ExpenseInput, rate: string) {
  return input.total.currency === "EUR"
    ? null
    : { kind: "rate" as const, rate, date: input.date, source: "test" };
}

/** Each member's balance after the events. */
export function net(events: readonly GroupEvent[]) {
  return Object.fromEntries(
    groupBalances(foldGroup(initialGroupState(), structuredClone(events))).members.map((m) => [
      m.memberId,
      m.balance,
    ]),
  );
}

/** The driver's balances by member. */
export function balanceMap(driver: ReturnType<typeof groupWithMembers>["driver"]) {
  return new Map(groupBalances(driver.state).members.map((m) => [m.memberId, m.balance]));
}

/** Runs generated steps; refused commands (e.g. a rate that rounds to zero) are skipped. */
export function play(
  steps: Step[],
  check?: (
    step: Step,
    before: Map<string, bigint>,
    events: GroupEvent[],
    after: Map<string, bigint>,
  ) => void,
) {
  const { driver, members } = groupWithMembers(4, "EUR");
  const recorded: string[] = [];
  const settled: string[] = [];
  let next = 1000;
  for (const step of steps) {
    let command: GroupCommand;
    if (step.kind === "record") {
      command = {
        type: "expense.record",
        expenseId: uuid(next++),
        input: step.input,
        fx: fxFor(step.input, step.rate),
      };
    } else if (step.kind === "amend" || step.kind === "void") {
      if (recorded.length === 0) continue;
      const expenseId = recorded[step.pick % recorded.length];
      command = step.kind === "amend"
        ? { type: "expense.amend", expenseId, input: step.input, fx: fxFor(step.input, step.rate) }
        : { type: "expense.void", expenseId };
    } else if (step.kind === "unsettle") {
      if (settled.length === 0) continue;
      command = { type: "settlement.void", settlementId: settled[step.pick % settled.length] };
    } else {
      const from = members[step.from % members.length];
      const to = members[step.to % members.length];
      if (from === to) continue;
      if (step.kind === "resettle" && settled.length === 0) continue;
      command = {
        ...(step.kind === "settle"
          ? { type: "settlement.record" as const, settlementId: uuid(next++) }
          : {
            type: "settlement.amend" as const,
            settlementId: settled[step.pick % settled.length],
          }),
        input: {
          from,
          to,
          amount: { amount: formatAmount(step.minor, "EUR"), currency: "EUR" },
          date: "2026-11-21",
        },
        fx: null,
      };
    }
    const before = balanceMap(driver);
    let events: GroupEvent[];
    try {
      events = driver.run(command);
    } catch (e) {
      if (e instanceof DomainError && (e.kind === "validation" || e.kind === "conflict")) continue;
      throw e;
    }
    if (command.type === "expense.record") recorded.push(command.expenseId);
    if (command.type === "settlement.record") settled.push(command.settlementId);
    check?.(step, before, events, balanceMap(driver));
  }
  return driver;
}
