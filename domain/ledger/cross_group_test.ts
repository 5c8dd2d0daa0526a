import assert from "node:assert/strict";
import fc from "fast-check";
import { crossGroupBalances, type CrossGroupInput, crossGroupTotals } from "./cross_group.ts";

const ME = "user-me";

function member(memberId: string, userId: string | null, balance: bigint) {
  return {
    memberId,
    userId,
    name: memberId,
    paid: balance > 0n ? balance : 0n,
    owed: balance < 0n ? -balance : 0n,
  };
}

Deno.test("crossGroupBalances: a user is one person across groups, a placeholder per group", () => {
  const groups: CrossGroupInput[] = [
    {
      groupId: "g1",
      name: "Trip",
      currency: "EUR",
      me: "m1",
      members: [member("m1", ME, -500n), member("b1", "user-ben", 300n), member("p1", null, 200n)],
    },
    {
      groupId: "g2",
      name: "Flat",
      currency: "EUR",
      me: "m2",
      members: [member("m2", ME, 400n), member("b2", "user-ben", -400n)],
    },
    {
      groupId: "g3",
      name: "Tokyo",
      currency: "JPY",
      me: "m3",
      members: [member("m3", ME, 1000n), member("b3", "user-ben", -1000n)],
    },
  ];
  const lines = crossGroupBalances(groups, ME);
  assert.deepEqual(lines, [
    {
      person: { userId: "user-ben", memberId: null, name: "b1" },
      currency: "EUR",
      owes: 300n,
      owed: 400n,
      groups: [
        { groupId: "g1", name: "Trip", amount: -300n },
        { groupId: "g2", name: "Flat", amount: 400n },
      ],
    },
    {
      person: { userId: null, memberId: "p1", name: "p1" },
      currency: "EUR",
      owes: 200n,
      owed: 0n,
      groups: [{ groupId: "g1", name: "Trip", amount: -200n }],
    },
    {
      person: { userId: "user-ben", memberId: null, name: "b3" },
      currency: "JPY",
      owes: 0n,
      owed: 1000n,
      groups: [{ groupId: "g3", name: "Tokyo", amount: 1000n }],
    },
  ]);
  assert.deepEqual(crossGroupTotals(lines), [
    { currency: "EUR", owes: 500n, owed: 400n },
    { currency: "JPY", owes: 0n, owed: 1000n },
  ]);
});

const groupArb = (i: number) =>
  fc.record({
    currency: fc.constantFrom("EUR", "USD"),
    others: fc.array(
      fc.record({ bal: fc.bigInt(-10_000n, 10_000n), user: fc.option(fc.constantFrom("a", "b")) }),
      { minLength: 1, maxLength: 6 },
    ),
  }).map(({ currency, others }): CrossGroupInput => {
    const mine = -others.reduce((s, o) => s + o.bal, 0n);
    const members = [member(`me${i}`, ME, mine)];
    const seen = new Set<string>();
    others.forEach((o, j) => {
      // A user is at most one member of a group.
      const user = o.user !== null && !seen.has(o.user) ? o.user : null;
      if (user) seen.add(user);
      members.push(member(`g${i}m${j}`, user, o.bal));
    });
    return { groupId: `g${i}`, name: `G${i}`, currency, me: `me${i}`, members };
  });

Deno.test("crossGroupBalances: per currency, net is the sum of the person's balances", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 5 }).chain((n) =>
        fc.tuple(...Array.from({ length: n }, (_, i) => groupArb(i)))
      ),
      (groups) => {
        const lines = crossGroupBalances(groups, ME);
        for (const l of lines) {
          assert.ok(l.owes >= 0n && l.owed >= 0n);
          assert.equal(l.groups.reduce((s, g) => s + g.amount, 0n), l.owed - l.owes);
        }
        const expected = new Map<string, bigint>();
        for (const g of groups) {
          const me = g.members[0];
          expected.set(g.currency, (expected.get(g.currency) ?? 0n) + me.paid - me.owed);
        }
        for (const t of crossGroupTotals(lines)) {
          assert.equal(t.owed - t.owes, expected.get(t.currency));
        }
      },
    ),
  );
});
