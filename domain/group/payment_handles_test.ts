import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import { applyTransfers } from "../ledger/balances.ts";
import { groupWithMembers, OWNER_USER, uuid } from "../testing/group_fixtures.ts";
import { arbSteps, play } from "../testing/ledger_arbitraries.ts";
import { groupBalances, groupPairDebts } from "./balances.ts";
import { GroupUpdateInput, PaymentHandlesInput } from "./commands.ts";

const IBAN = { kind: "iban", iban: "DE89370400440532013000", name: "Ana", bic: null } as const;

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    return e;
  }
  assert.fail("expected a DomainError");
}

Deno.test("member.payment_handles.set: a member sets their own handles, revision by revision", () => {
  const { driver, members } = groupWithMembers(1);
  const set = (handles: typeof IBAN[] | []) =>
    driver.run({ type: "member.payment_handles.set", memberId: members[1], handles }, uuid(11));
  assert.deepEqual(set([IBAN]), [{
    type: "MemberPaymentHandlesSet",
    data: { memberId: members[1], revision: 1, handles: [IBAN] },
  }]);
  assert.deepEqual(set([IBAN]), [], "the same list again changes nothing");
  assert.deepEqual(set([])[0].data, { memberId: members[1], revision: 2, handles: [] });
  assert.deepEqual(driver.state.members.get(members[1])!.paymentHandles, []);
});

Deno.test("member.payment_handles.set: only the member, or an admin for a placeholder", () => {
  const { driver, members } = groupWithMembers(2);
  const cmd = (memberId: string) => ({
    type: "member.payment_handles.set" as const,
    memberId,
    handles: [IBAN],
  });
  assert.equal(refusal(() => driver.run(cmd(members[2]), uuid(11))).kind, "forbidden");
  // The owner may not set a bound member's handles either.
  assert.equal(refusal(() => driver.run(cmd(members[1]), OWNER_USER)).kind, "forbidden");
  driver.run({ type: "member.add", memberId: uuid(150), name: "P", userId: null, role: "member" });
  assert.equal(driver.run(cmd(uuid(150)), OWNER_USER).length, 1);
  assert.equal(refusal(() => driver.run(cmd(uuid(150)), uuid(11))).kind, "forbidden");
  const stale = { ...cmd(uuid(150)), handles: [], ifMatch: 0 };
  assert.equal(refusal(() => driver.run(stale, OWNER_USER)).code, "version.stale");
});

Deno.test("member.unlink clears the member's payment handles", () => {
  const { driver, members } = groupWithMembers(1);
  driver.run(
    { type: "member.payment_handles.set", memberId: members[1], handles: [IBAN] },
    uuid(11),
  );
  driver.run({ type: "member.unlink", memberId: members[1] }, uuid(11));
  assert.deepEqual(driver.state.members.get(members[1])!.paymentHandles, []);
});

Deno.test("group.update: simplifyDebts turns simplification off and on", () => {
  const { driver } = groupWithMembers(1);
  assert.equal(driver.state.simplifyDebts, true);
  assert.deepEqual(driver.run({ type: "group.update", simplifyDebts: true }), []);
  assert.deepEqual(driver.run({ type: "group.update", simplifyDebts: false }), [
    { type: "GroupDebtSimplificationChanged", data: { simplify: false } },
  ]);
  assert.equal(driver.state.simplifyDebts, false);
  assert.equal(
    refusal(() => driver.run({ type: "group.update", simplifyDebts: true }, uuid(11))).kind,
    "forbidden",
  );
  assert.ok(GroupUpdateInput.safeParse({ simplifyDebts: false }).success);
  assert.ok(!GroupUpdateInput.safeParse({ simplifyDebts: "no" }).success);
  assert.ok(!GroupUpdateInput.safeParse({}).success);
  assert.ok(
    !PaymentHandlesInput.safeParse({ handles: [{ kind: "iban", iban: "DE00", name: "x" }] })
      .success,
  );
});

Deno.test("property: with simplification off, the plan pays each pair's net debt and clears every balance", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const driver = play(steps);
      driver.run({ type: "group.update", simplifyDebts: false });
      const pairwise = groupBalances(driver.state);
      assert.equal(pairwise.simplifyDebts, false);
      const balances = pairwise.members.map((m) => [m.memberId, m.balance] as const);
      for (const [m, v] of applyTransfers(balances, pairwise.settleUp)) assert.equal(v, 0n, m);
      // The plan is the pair debts, netted: one transfer per pair that does not cancel.
      assert.equal(pairwise.settleUp.length, groupPairDebts(driver.state).size);
      driver.run({ type: "group.update", simplifyDebts: true });
      const simplified = groupBalances(driver.state);
      assert.deepEqual(simplified.members, pairwise.members);
      for (const [m, v] of applyTransfers(balances, simplified.settleUp)) assert.equal(v, 0n, m);
    }),
    { numRuns: 150 },
  );
});
