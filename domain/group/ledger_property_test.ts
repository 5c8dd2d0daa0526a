/**
 * Property tests of the money invariants of the group aggregate, over
 * generated histories of expenses (all four split modes, several payers,
 * foreign currencies), amends, voids and settlements.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import type { ExpenseInput, GroupCommand } from "./commands.ts";
import { groupBalances } from "./balances.ts";
import type { GroupEvent } from "./events.ts";
import { expenseEffect, foldGroup } from "./evolve.ts";
import { initialGroupState } from "./state.ts";
import { DomainError } from "../errors.ts";
import { formatAmount, parseAmount } from "../money/money.ts";
import { groupWithMembers, uuid } from "../testing/group_fixtures.ts";

const CURRENCIES = ["EUR", "JPY", "BHD", "KWD", "USD"] as const;

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

const arbExpense = (members: string[]) =>
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

type Step =
  | { kind: "record"; input: ExpenseInput; rate: string }
  | { kind: "amend"; pick: number; input: ExpenseInput; rate: string }
  | { kind: "void"; pick: number }
  | { kind: "settle"; from: number; to: number; minor: bigint };

const arbSteps = (members: string[]) =>
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
        weight: 1,
        arbitrary: fc.tuple(fc.nat(), fc.nat(), fc.bigInt({ min: 1n, max: 100_000n })).map((
          [from, to, minor],
        ): Step => ({ kind: "settle", from, to, minor })),
      },
    ),
    { minLength: 1, maxLength: 25 },
  );

function fxFor(input: ExpenseInput, rate: string) {
  return input.total.currency === "EUR"
    ? null
    : { kind: "rate" as const, rate, date: input.date, source: "test" };
}

function net(events: readonly GroupEvent[]) {
  return Object.fromEntries(
    groupBalances(foldGroup(initialGroupState(), structuredClone(events))).members.map((m) => [
      m.memberId,
      m.balance,
    ]),
  );
}

function balanceMap(driver: ReturnType<typeof groupWithMembers>["driver"]) {
  return new Map(groupBalances(driver.state).members.map((m) => [m.memberId, m.balance]));
}

/** Runs generated steps; refused commands (e.g. a rate that rounds to zero) are skipped. */
function play(
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
    } else {
      const from = members[step.from % members.length];
      const to = members[step.to % members.length];
      if (from === to) continue;
      command = {
        type: "settlement.record",
        settlementId: uuid(next++),
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
    check?.(step, before, events, balanceMap(driver));
  }
  return driver;
}

Deno.test("group ledger: shares and payers sum exactly to the converted total", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const driver = play(steps);
      for (const e of driver.events) {
        if (e.type !== "ExpenseRecorded" && e.type !== "ExpenseAmended") continue;
        const c = e.data.converted;
        const total = parseAmount(c.amount, c.currency);
        const sum = (rows: { amount: string }[]) =>
          rows.reduce((a, r) => a + parseAmount(r.amount, c.currency), 0n);
        assert.equal(sum(e.data.shares), total);
        assert.equal(sum(e.data.paid), total);
      }
    }),
    { numRuns: 200 },
  );
});

Deno.test("group ledger: balances sum to zero after every command", () => {
  let steps = 0;
  let applied = 0;
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (generated) => {
      steps += generated.length;
      play(generated, (_s, _b, _e, after) => {
        applied++;
        assert.equal([...after.values()].reduce((a, b) => a + b, 0n), 0n);
      });
    }),
    { numRuns: 200 },
  );
  // The generators must produce mostly valid commands, or the properties prove little.
  assert.ok(applied > steps * 0.6, `only ${applied} of ${steps} generated commands applied`);
});

Deno.test("group ledger: an amend moves balances by exactly the difference", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const effects = new Map<string, ReturnType<typeof expenseEffect>>();
      play(steps, (_step, before, events, after) => {
        for (const e of events) {
          if (e.type === "ExpenseRecorded") effects.set(e.data.expenseId, expenseEffect(e.data));
          if (e.type !== "ExpenseAmended") continue;
          const old = effects.get(e.data.expenseId)!;
          const now = expenseEffect(e.data);
          effects.set(e.data.expenseId, now);
          for (const [m, b] of after) {
            const delta = (now.paid.get(m) ?? 0n) - (now.owed.get(m) ?? 0n) -
              ((old.paid.get(m) ?? 0n) - (old.owed.get(m) ?? 0n));
            assert.equal(b - (before.get(m) ?? 0n), delta, `member ${m}`);
          }
        }
      });
    }),
    { numRuns: 200 },
  );
});

Deno.test("group ledger: voiding restores balances as if the expense never was", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const driver = play(steps);
      const voided = new Set(
        driver.events.flatMap((e) => (e.type === "ExpenseVoided" ? [e.data.expenseId] : [])),
      );
      const without = driver.events.filter((e) =>
        !("expenseId" in e.data && voided.has((e.data as { expenseId: string }).expenseId))
      );
      assert.deepEqual(net(driver.events), net(without));
    }),
    { numRuns: 200 },
  );
});

Deno.test("group ledger: replaying a history twice gives the same state", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const driver = play(steps);
      const a = foldGroup(initialGroupState(), structuredClone(driver.events));
      const b = foldGroup(initialGroupState(), structuredClone(driver.events));
      assert.deepEqual(a, b);
      assert.deepEqual(a, driver.state);
    }),
    { numRuns: 100 },
  );
});

Deno.test("group ledger: the settle-up plan clears every balance", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const driver = play(steps);
      const { members, settleUp } = groupBalances(driver.state);
      const left = new Map(members.map((m) => [m.memberId, m.balance]));
      for (const t of settleUp) {
        left.set(t.from, left.get(t.from)! + t.amount);
        left.set(t.to, left.get(t.to)! - t.amount);
      }
      assert.ok([...left.values()].every((v) => v === 0n));
      const nonZero = members.filter((m) => m.balance !== 0n).length;
      assert.ok(settleUp.length <= Math.max(0, nonZero - 1));
    }),
    { numRuns: 200 },
  );
});
