import assert from "node:assert/strict";
import fc from "fast-check";
import { groupBalances } from "./balances.ts";
import type { GroupEvent, GroupEventOf } from "./events.ts";
import { rebaseGroupHistory } from "./rebase.ts";
import { DomainError } from "../errors.ts";
import { GROUP, groupWithMembers, uuid } from "../testing/group_fixtures.ts";
import { arbSteps, play } from "../testing/ledger_arbitraries.ts";

const IMPORTER = uuid(9999);

function idMaker() {
  let n = 50_000;
  return () => uuid(n++);
}

/** Balances keyed by member name (ids differ between source and import). */
function byName(state: ReturnType<typeof play>["state"]) {
  return Object.fromEntries(
    groupBalances(state).members.map((m) => [state.members.get(m.memberId)!.name, m.balance]),
  );
}

Deno.test("a rebased history has new ids and the same balances, member by member", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), (steps) => {
      const source = play(steps);
      const rebased = rebaseGroupHistory(source.events, IMPORTER, idMaker());
      assert.notEqual(rebased.groupId, GROUP);
      assert.deepEqual(byName(rebased.state), byName(source.state));
      assert.equal(rebased.state.entries.size, source.state.entries.size);
      // No source id survives anywhere in the new events.
      const text = JSON.stringify(rebased.events.map((e) => e.event));
      for (const id of [GROUP, ...source.state.members.keys(), ...source.state.entries.keys()]) {
        assert.ok(!text.includes(id), `source id ${id} survived`);
      }
      // Only the importer is linked, as the owner.
      const linked = [...rebased.state.members.values()].filter((m) => m.userId !== null);
      assert.deepEqual(linked.map((m) => [m.userId, m.role]), [[IMPORTER, "owner"]]);
    }),
    { numRuns: 200 },
  );
});

Deno.test("invites and claims of the source are left out; the claimed member stays", () => {
  const { driver, members } = groupWithMembers(1);
  driver.run({
    type: "member.add",
    memberId: uuid(500),
    name: "Pat",
    userId: null,
    role: "member",
  });
  for (const [inviteId, memberId] of [[uuid(600), uuid(500)], [uuid(601), null]] as const) {
    driver.run({
      type: "invite.create",
      inviteId,
      codeHash: "a".repeat(64),
      memberId,
      role: "member",
      expiresAt: "2030-01-01T00:00:00Z",
    });
  }
  const now = "2026-11-22T10:00:00Z";
  driver.run(
    { type: "invite.accept", inviteId: uuid(600), newMemberId: uuid(700), name: "x", now },
    uuid(77),
  );
  driver.run({
    type: "invite.accept",
    inviteId: uuid(601),
    newMemberId: uuid(701),
    name: "Quinn",
    now,
  }, uuid(78));
  const types = driver.events.map((e) => e.type);
  assert.ok(types.includes("MemberClaimed") && types.includes("InviteAccepted"));
  const rebased = rebaseGroupHistory(driver.events, IMPORTER, idMaker());
  const kept = rebased.events.map((e) => e.event.type);
  assert.ok(!kept.some((t) => t === "MemberClaimed" || t.startsWith("Invite")), kept.join());
  const names = [...rebased.state.members.values()].map((m) => [m.name, m.userId]);
  assert.deepEqual(names, [["Owner", IMPORTER], ["M1", null], ["Pat", null], ["Quinn", null]]);
  assert.equal(rebased.memberIds.size, members.length + 2);
});

Deno.test("a history that is not a group's is refused with a clear error", () => {
  const { driver } = groupWithMembers(1);
  const refused = (events: Parameters<typeof rebaseGroupHistory>[0], message: RegExp) =>
    assert.throws(() => rebaseGroupHistory(events, IMPORTER, idMaker()), (e) => {
      assert.ok(e instanceof DomainError);
      assert.equal(e.kind, "validation");
      assert.match(e.message, message);
      return true;
    });
  refused([], /must begin with GroupCreated/);
  refused(driver.events.slice(1), /must begin with GroupCreated/);
  const demoted = driver.events.map((e): GroupEvent =>
    e.type === "MemberAdded" && e.data.role === "owner"
      ? { type: "MemberAdded", data: { ...e.data, role: "viewer" } }
      : e
  );
  refused(demoted, /no active owner/);
});

Deno.test("a forged history is refused: allocations, currencies and texts must be what the command side decides", () => {
  const { driver, members } = groupWithMembers(2);
  driver.run({
    type: "expense.record",
    expenseId: uuid(900),
    input: {
      description: "Dinner",
      total: { amount: "90.00", currency: "EUR" },
      date: "2026-11-20",
      category: "food",
      paidBy: [{ memberId: members[0], amount: "90.00" }],
      split: { mode: "equal", shares: members.map((memberId) => ({ memberId })) },
    },
    fx: null,
  });
  assert.doesNotThrow(() => rebaseGroupHistory(driver.events, IMPORTER, idMaker()));
  const forge = (edit: (e: GroupEvent) => GroupEvent, message: RegExp) =>
    assert.throws(() => rebaseGroupHistory(driver.events.map(edit), IMPORTER, idMaker()), (e) => {
      assert.ok(e instanceof DomainError, String(e));
      assert.match(e.message, message);
      return true;
    });
  const expense =
    (f: (d: GroupEventOf<"ExpenseRecorded">["data"]) => void) => (e: GroupEvent): GroupEvent => {
      if (e.type !== "ExpenseRecorded") return e;
      const copy = structuredClone(e);
      f(copy.data);
      return copy;
    };
  // One cent moved between two shares: the sum holds, the split does not give it.
  forge(
    expense((d) => {
      d.shares[0].amount = "31.00";
      d.shares[1].amount = "29.00";
    }),
    /allocations are not what its amounts and split give/,
  );
  // Owed more than was spent: balances would not sum to zero.
  forge(expense((d) => d.shares[0].amount = "99.00"), /allocations/);
  forge(expense((d) => d.converted = { amount: "90.00", currency: "USD" }), /allocations|currency/);
  forge(expense((d) => d.paidBy[0].memberId = uuid(4242)), /not an active member|member/);
  forge(expense((d) => d.description = "x".repeat(201)), /ExpenseRecorded/);
  forge(
    (e) => e.type === "MemberAdded" ? { ...e, data: { ...e.data, name: "n".repeat(121) } } : e,
    /MemberAdded/,
  );
});
