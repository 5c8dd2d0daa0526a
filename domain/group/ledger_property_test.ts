/**
 * Property tests of the money invariants of the group aggregate, over
 * generated histories of expenses (all four split modes, several payers,
 * foreign currencies), amends, voids and settlements.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { groupBalances } from "./balances.ts";
import { expenseEffect, foldGroup } from "./evolve.ts";
import { initialGroupState } from "./state.ts";
import { parseAmount } from "../money/money.ts";
import { groupWithMembers } from "../testing/group_fixtures.ts";
import { arbSteps, net, play } from "../testing/ledger_arbitraries.ts";

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
