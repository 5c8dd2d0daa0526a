/**
 * `settlement.amend`: a payment edited (from, to, amount, date, note) as a
 * `SettlementAmended` event with the whole new body, checked by `If-Match`;
 * and the property that balances stay zero-sum, and move by exactly the
 * difference, over histories with amended and voided settlements.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import type { SettlementInput } from "./commands.ts";
import { settlementEffect } from "./evolve.ts";
import { equalExpense, groupWithMembers, uuid } from "../testing/group_fixtures.ts";
import { arbSteps, balanceMap, play } from "../testing/ledger_arbitraries.ts";

const PAYMENT = uuid(600);

function payment(from: string, to: string, amount: string, note?: string): SettlementInput {
  return { from, to, amount: { amount, currency: "EUR" }, date: "2026-11-21", note };
}

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected DomainError, got ${e}`);
    return e;
  }
  assert.fail("expected a DomainError");
}

/** Ana (owner) paid 90.00 for three; Ben then paid Ana 20.00. */
function withPayment() {
  const { driver, members } = groupWithMembers(2);
  const [ana, ben] = members;
  driver.run({
    type: "expense.record",
    expenseId: uuid(500),
    input: equalExpense("90.00", members),
    fx: null,
  });
  driver.run({
    type: "settlement.record",
    settlementId: PAYMENT,
    input: payment(ben, ana, "20.00"),
    fx: null,
  });
  return { driver, members };
}

Deno.test("settlement.amend records the whole new body and moves the balances", () => {
  const { driver, members } = withPayment();
  const [ana, ben, cid] = members;
  assert.deepEqual(
    [...balanceMap(driver)],
    [[ana, 4000n], [ben, -1000n], [cid, -3000n]],
  );
  const [event] = driver.run({
    type: "settlement.amend",
    settlementId: PAYMENT,
    input: payment(ben, ana, "30.00", "the rest"),
    fx: null,
    ifMatch: 1,
  });
  assert.equal(event.type, "SettlementAmended");
  assert.deepEqual(event.data, {
    settlementId: PAYMENT,
    revision: 2,
    from: ben,
    to: ana,
    amount: { amount: "30.00", currency: "EUR" },
    fx: null,
    converted: { amount: "30.00", currency: "EUR" },
    date: "2026-11-21",
    note: "the rest",
  });
  assert.deepEqual([...balanceMap(driver)], [[ana, 3000n], [ben, 0n], [cid, -3000n]]);
  // Another payer: Cid paid Ana instead of Ben.
  driver.run({
    type: "settlement.amend",
    settlementId: PAYMENT,
    input: payment(cid, ana, "30.00"),
    fx: null,
  });
  assert.deepEqual([...balanceMap(driver)], [[ana, 3000n], [ben, -3000n], [cid, 0n]]);
  assert.equal(driver.state.entries.get(PAYMENT)?.revision, 3);
  // Voiding the amended payment takes away its current effect, not the first one.
  driver.run({ type: "settlement.void", settlementId: PAYMENT, ifMatch: 3 });
  assert.deepEqual([...balanceMap(driver)], [[ana, 6000n], [ben, -3000n], [cid, -3000n]]);
});

Deno.test("settlement.amend refuses a stale version, a voided payment and a wrong id", () => {
  const { driver, members } = withPayment();
  const [ana, ben] = members;
  const amend = (input: SettlementInput, ifMatch?: number, settlementId = PAYMENT) => () =>
    driver.run({ type: "settlement.amend", settlementId, input, fx: null, ifMatch });
  assert.equal(refusal(amend(payment(ben, ana, "1.00"), 2)).kind, "precondition_failed");
  assert.equal(refusal(amend(payment(ben, ana, "1.00"), undefined, uuid(500))).kind, "not_found");
  assert.equal(refusal(amend(payment(ben, ana, "1.00"), undefined, uuid(601))).kind, "not_found");
  const mismatch = refusal(amend({ ...payment(ben, ana, "1.00"), id: uuid(601) }));
  assert.equal(mismatch.code, "settlement.id_mismatch");
  assert.equal(refusal(amend(payment(ben, ben, "1.00"))).code, "settlement.same_member");
  assert.equal(refusal(amend(payment(ben, ana, "0.00"))).kind, "validation");
  driver.run({ type: "settlement.void", settlementId: PAYMENT });
  const voided = refusal(amend(payment(ben, ana, "1.00")));
  assert.equal(voided.code, "settlement.voided");
});

Deno.test("settlement.amend is refused to viewers and auditors", () => {
  for (const role of ["viewer", "auditor"] as const) {
    const { driver, members } = groupWithMembers(1, "EUR", role);
    const [owner, other] = members;
    driver.run({
      type: "settlement.record",
      settlementId: PAYMENT,
      input: payment(owner, other, "5.00"),
      fx: null,
    });
    const e = refusal(() =>
      driver.run(
        {
          type: "settlement.amend",
          settlementId: PAYMENT,
          input: payment(owner, other, "6.00"),
          fx: null,
        },
        uuid(11),
      )
    );
    assert.equal(e.kind, "forbidden");
  }
});

Deno.test("group ledger: balances stay zero-sum and move by the difference with settlement amends", () => {
  let amends = 0;
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const effects = new Map<string, ReturnType<typeof settlementEffect>>();
      play(steps, (_step, before, events, after) => {
        assert.equal([...after.values()].reduce((a, b) => a + b, 0n), 0n);
        for (const e of events) {
          if (e.type === "SettlementRecorded") {
            effects.set(e.data.settlementId, settlementEffect(e.data));
          }
          if (e.type !== "SettlementAmended") continue;
          amends++;
          const old = effects.get(e.data.settlementId)!;
          const now = settlementEffect(e.data);
          effects.set(e.data.settlementId, now);
          for (const [m, b] of after) {
            const delta = (now.paid.get(m) ?? 0n) - (now.owed.get(m) ?? 0n) -
              ((old.paid.get(m) ?? 0n) - (old.owed.get(m) ?? 0n));
            assert.equal(b - (before.get(m) ?? 0n), delta, `member ${m}`);
          }
        }
      });
    }),
    { numRuns: 300 },
  );
  // The generator must amend settlements often enough for the property to mean something.
  assert.ok(amends > 50, `only ${amends} settlement amends generated`);
});
