import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { groupBalances } from "./balances.ts";
import { groupEventSchemaVersion, parseGroupEvent } from "./events.ts";
import { evolveGroup } from "./evolve.ts";
import { inviteStatus, inviteStatusOf } from "./invites.ts";
import {
  equalExpense,
  groupWithMembers,
  OWNER_MEMBER,
  OWNER_USER,
  uuid,
} from "../testing/group_fixtures.ts";
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

Deno.test("invite.create records the member who created the invite", () => {
  const { driver } = groupWithMembers(0);
  const [created] = invite(driver, null);
  assert.equal(created.type === "InviteCreated" && created.data.createdBy, OWNER_MEMBER);
  assert.equal(driver.state.invites.get(uuid(900))?.createdBy, OWNER_MEMBER);
});

Deno.test("a revoked invite answers 410 invite.revoked, and revoking twice changes nothing", () => {
  const { driver } = groupWithMembers(0);
  invite(driver, null);
  const revoke = () => driver.run({ type: "invite.revoke", inviteId: uuid(900) });
  assert.deepEqual(revoke().map((e) => e.type), ["InviteRevoked"]);
  assert.deepEqual(revoke(), []);
  refused(() => accept(driver), "gone", "invite.revoked");
  assert.equal(inviteStatus(driver.state, driver.state.invites.get(uuid(900))!, NOW), "revoked");
});

Deno.test("invite.revoke: admins revoke invites for roles below theirs; a used one is a conflict", () => {
  const { driver } = groupWithMembers(2, "EUR", "member");
  driver.run({ type: "member.update", memberId: uuid(101), role: "admin" });
  invite(driver, null, "admin");
  const revoke = (actor: string) =>
    driver.run({ type: "invite.revoke", inviteId: uuid(900) }, actor);
  refused(() => revoke(uuid(12)), "forbidden");
  refused(() => revoke(uuid(11)), "forbidden", "forbidden");
  refused(() => driver.run({ type: "invite.revoke", inviteId: uuid(404) }), "not_found");
  accept(driver);
  refused(() => revoke(OWNER_USER), "conflict", "invite.used");
});

Deno.test("an invite dies when its creator is removed: 410 invite.dead", () => {
  const { driver } = groupWithMembers(1, "EUR", "admin");
  invite(driver, null, "member", uuid(11));
  driver.run({ type: "member.remove", memberId: uuid(101) });
  refused(() => accept(driver), "gone", "invite.dead");
  assert.equal(inviteStatus(driver.state, driver.state.invites.get(uuid(900))!, NOW), "dead");
});

Deno.test("an invite dies when its creator can no longer grant its role", () => {
  const { driver } = groupWithMembers(2, "EUR", "admin");
  invite(driver, null, "member", uuid(11));
  driver.run({ type: "member.update", memberId: uuid(101), role: "member" });
  refused(() => accept(driver), "gone", "invite.dead");
  // Made admin again, the creator's invite works again: it follows the creator's rights.
  driver.run({ type: "member.update", memberId: uuid(101), role: "admin" });
  assert.equal(accept(driver).length, 2);
});

Deno.test("an owner's invite for an admin dies when ownership is handed over", () => {
  const { driver } = groupWithMembers(1, "EUR", "member");
  invite(driver, null, "admin");
  driver.run({ type: "member.update", memberId: uuid(101), role: "owner" });
  refused(() => accept(driver), "gone", "invite.dead");
});

Deno.test("parseGroupEvent() upcasts InviteCreated v1 (no creator) and the invite keeps working", () => {
  const v1 = {
    inviteId: uuid(900),
    codeHash: HASH,
    memberId: null,
    role: "member",
    expiresAt: LATER,
  };
  const parsed = parseGroupEvent("InviteCreated", 1, v1);
  assert.deepEqual(parsed.data, { ...v1, createdBy: null });
  assert.equal(groupEventSchemaVersion("InviteCreated"), 2);
  assert.deepEqual(parseGroupEvent("InviteCreated", 2, { ...v1, createdBy: OWNER_MEMBER }).data, {
    ...v1,
    createdBy: OWNER_MEMBER,
  });
  assert.throws(() => parseGroupEvent("InviteCreated", 2, v1), /createdBy/);
  assert.throws(() => parseGroupEvent("InviteCreated", 3, v1), /no upcaster/);
  assert.throws(() => parseGroupEvent("InviteCreated", 0, v1), /no upcaster/);
  const { driver } = groupWithMembers(0);
  driver.state = evolveGroup(driver.state, parsed);
  assert.equal(accept(driver).length, 2);
});

Deno.test("inviteStatusOf() gives the decider's status from an invite's facts and its creator", () => {
  const facts = {
    acceptedBy: null,
    revoked: false,
    createdBy: uuid(5),
    expiresAt: LATER,
    role: "member" as Role,
  };
  const admin = { role: "admin" as Role, active: true };
  assert.equal(inviteStatusOf(facts, admin, NOW), "active");
  assert.equal(inviteStatusOf(facts, admin, LATER), "expired");
  assert.equal(inviteStatusOf(facts, { ...admin, active: false }, NOW), "dead");
  assert.equal(inviteStatusOf(facts, { role: "member", active: true }, NOW), "dead");
  assert.equal(inviteStatusOf({ ...facts, role: "admin" }, admin, NOW), "dead");
  assert.equal(inviteStatusOf(facts, undefined, NOW), "dead");
  assert.equal(inviteStatusOf({ ...facts, createdBy: null }, undefined, NOW), "active");
  // Used wins over revoked, and both over dead and expired.
  assert.equal(inviteStatusOf({ ...facts, revoked: true }, undefined, LATER), "revoked");
  assert.equal(
    inviteStatusOf({ ...facts, acceptedBy: uuid(6), revoked: true }, undefined, LATER),
    "used",
  );
});
