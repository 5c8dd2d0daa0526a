import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { groupBalances } from "./balances.ts";
import { equalExpense, groupWithMembers, OWNER_USER, uuid } from "../testing/group_fixtures.ts";
import type { GroupDriver } from "../testing/group_fixtures.ts";
import type { Role } from "../shared/schemas.ts";

const HASH = "a".repeat(64);
const LATER = "2026-12-01T00:00:00.000Z";
const NOW = "2026-11-22T12:00:00.000Z";
const INVITEE = uuid(77);

function refused(f: () => unknown, kind: DomainError["kind"], code?: string) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    assert.equal(e.kind, kind);
    if (code) assert.equal(e.code, code);
    return true;
  });
}

function invite(
  driver: GroupDriver,
  memberId: string | null,
  role: Role = "member",
  actor = OWNER_USER,
) {
  return driver.run({
    type: "invite.create",
    inviteId: uuid(900),
    codeHash: HASH,
    memberId,
    role,
    expiresAt: LATER,
  }, actor);
}

function accept(driver: GroupDriver, user = INVITEE, now = NOW) {
  return driver.run(
    { type: "invite.accept", inviteId: uuid(900), newMemberId: uuid(901), name: "Dana", now },
    user,
  );
}

Deno.test("an invite for a new member adds the invitee with the invite's role", () => {
  const { driver } = groupWithMembers(1);
  invite(driver, null, "viewer");
  const events = accept(driver);
  assert.deepEqual(events.map((e) => e.type), ["MemberAdded", "InviteAccepted"]);
  const m = driver.state.members.get(uuid(901))!;
  assert.deepEqual([m.userId, m.role, m.name, m.active], [INVITEE, "viewer", "Dana", true]);
});

Deno.test("claiming a placeholder keeps its history and balance", () => {
  const { driver, members } = groupWithMembers(1);
  const placeholder = uuid(150);
  driver.run({
    type: "member.add",
    memberId: placeholder,
    name: "Chen",
    userId: null,
    role: "member",
  });
  driver.run({
    type: "expense.record",
    expenseId: uuid(500),
    input: equalExpense("30.00", [...members, placeholder]),
    fx: null,
  });
  const before = groupBalances(driver.state).members.find((m) => m.memberId === placeholder);
  invite(driver, placeholder, "admin");
  const events = accept(driver);
  assert.deepEqual(events.map((e) => e.type), [
    "MemberClaimed",
    "MemberRoleChanged",
    "InviteAccepted",
  ]);
  const m = driver.state.members.get(placeholder)!;
  assert.deepEqual([m.userId, m.role, m.revision], [INVITEE, "admin", 3]);
  const after = groupBalances(driver.state).members.find((m) => m.memberId === placeholder);
  assert.deepEqual(after, before);
  assert.equal(after?.balance, -1000n);
});

Deno.test("an invite works once, and not after it expired", () => {
  const { driver } = groupWithMembers(0);
  invite(driver, null);
  refused(() => accept(driver, INVITEE, LATER), "gone", "invite.expired");
  accept(driver);
  assert.deepEqual(accept(driver), [], "the invitee retrying changes nothing");
  refused(() => accept(driver, uuid(78)), "conflict", "invite.used");
});

Deno.test("an invitee who already is a member is refused", () => {
  const { driver } = groupWithMembers(1);
  invite(driver, null);
  refused(() => accept(driver, uuid(11)), "conflict", "member.user_exists");
});

Deno.test("only admins and owners invite, and only to roles below their own", () => {
  const { driver } = groupWithMembers(2, "EUR", "member");
  refused(() => invite(driver, null, "member", uuid(11)), "forbidden");
  driver.run({ type: "member.update", memberId: uuid(101), role: "admin" });
  refused(() => invite(driver, null, "admin", uuid(11)), "forbidden");
  refused(() => invite(driver, null, "owner"), "validation", "member.owner_role");
  refused(() => invite(driver, null, "member", uuid(99)), "not_found");
  assert.equal(invite(driver, null, "member", uuid(11)).length, 1);
});

Deno.test("an invite can only claim an active placeholder", () => {
  const { driver } = groupWithMembers(1);
  refused(() => invite(driver, uuid(101)), "conflict", "invite.not_placeholder");
  refused(() => invite(driver, uuid(404)), "not_found");
  const placeholder = uuid(150);
  driver.run({
    type: "member.add",
    memberId: placeholder,
    name: "Chen",
    userId: null,
    role: "member",
  });
  invite(driver, placeholder);
  driver.run({ type: "member.remove", memberId: placeholder });
  refused(() => accept(driver), "conflict", "invite.member_taken");
});

Deno.test("an unknown invite is not found, and a group stays invisible", () => {
  const { driver } = groupWithMembers(0);
  refused(() => accept(driver), "not_found");
});
