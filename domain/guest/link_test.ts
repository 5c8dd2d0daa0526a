import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { decideGroup } from "../group/decide.ts";
import { evolveGroup } from "../group/evolve.ts";
import type { CommandContext, GroupCommand } from "../group/commands.ts";
import type { GroupState } from "../group/state.ts";
import { equalExpense, groupWithMembers, OWNER_MEMBER, uuid } from "../testing/group_fixtures.ts";
import {
  foldGuestLink,
  GuestLinkCreateInput,
  guestLinkStanding,
  parseGuestLinkEvent,
} from "./link.ts";

const LINK = uuid(500);
const BO = uuid(600);
const CREATED = {
  type: "GuestLinkCreated" as const,
  data: {
    linkId: LINK,
    groupId: uuid(2),
    memberId: BO,
    role: "member" as const,
    expiresAt: "2026-12-31T00:00:00.000Z",
    createdBy: uuid(1),
  },
};
const BEFORE = "2026-12-30T23:59:59.000Z";

Deno.test("a guest link works until it expires, is revoked, or is claimed", () => {
  assert.equal(guestLinkStanding(foldGuestLink([]), BEFORE), "missing");
  assert.equal(guestLinkStanding(foldGuestLink([CREATED]), BEFORE), "active");
  assert.equal(guestLinkStanding(foldGuestLink([CREATED]), "2026-12-31T00:00:00.000Z"), "expired");
  const revoked = foldGuestLink([CREATED, { type: "GuestLinkRevoked", data: { by: uuid(1) } }]);
  assert.equal(guestLinkStanding(revoked, BEFORE), "revoked");
  const claimed = foldGuestLink([CREATED, { type: "GuestLinkClaimed", data: { userId: uuid(9) } }]);
  assert.equal(guestLinkStanding(claimed, BEFORE), "claimed");
  assert.equal(claimed.memberId, BO);
});

Deno.test("guest link events parse strictly; input: a guest role, at most 90 days", () => {
  assert.deepEqual(parseGuestLinkEvent("GuestLinkCreated", 1, CREATED.data), CREATED);
  assert.throws(() => parseGuestLinkEvent("GuestLinkCreated", 2, CREATED.data));
  assert.throws(() =>
    parseGuestLinkEvent("GuestLinkCreated", 1, { ...CREATED.data, role: "admin" })
  );
  assert.throws(() => parseGuestLinkEvent("Nope", 1, {}));
  const ok = { memberId: BO, role: "viewer", expiresInDays: 90 };
  assert.equal(GuestLinkCreateInput.safeParse(ok).success, true);
  for (
    const bad of [{ ...ok, role: "admin" }, { ...ok, role: "owner" }, { ...ok, expiresInDays: 91 }]
  ) {
    assert.equal(GuestLinkCreateInput.safeParse(bad).success, false, JSON.stringify(bad));
  }
});

/** A group with a placeholder Bo (role `member`), and how a guest of Bo decides. */
function withPlaceholder() {
  const { driver } = groupWithMembers(0);
  driver.run({ type: "member.add", memberId: BO, name: "Bo", userId: null, role: "member" });
  const asGuest = (command: GroupCommand, role: "member" | "viewer", state: GroupState) => {
    const ctx: CommandContext = { actorUserId: `guest:${LINK}`, guest: { memberId: BO, role } };
    return decideGroup(command, state, ctx);
  };
  return { driver, asGuest };
}

function refused(f: () => unknown, kind: DomainError["kind"]) {
  assert.throws(f, (e) => e instanceof DomainError && e.kind === kind);
}

const record = (id: number): GroupCommand => ({
  type: "expense.record",
  expenseId: uuid(id),
  input: equalExpense("12.00", [BO, OWNER_MEMBER]),
  fx: null,
});

Deno.test("a member guest records as its placeholder; a viewer guest cannot", () => {
  const { driver, asGuest } = withPlaceholder();
  const events = asGuest(record(700), "member", driver.state);
  assert.deepEqual(events.map((e) => e.type), ["ExpenseRecorded"]);
  refused(() => asGuest(record(701), "viewer", driver.state), "forbidden");
});

Deno.test("a guest never has more than its member's role, nor manages the group", () => {
  const { driver, asGuest } = withPlaceholder();
  driver.run({ type: "member.update", memberId: BO, role: "viewer" });
  refused(() => asGuest(record(702), "member", driver.state), "forbidden");
  refused(
    () =>
      asGuest(
        { type: "member.add", memberId: uuid(603), name: "Cy", userId: null, role: "member" },
        "member",
        driver.state,
      ),
    "forbidden",
  );
});

Deno.test("a claimed or removed member has no guest any more", () => {
  const { driver, asGuest } = withPlaceholder();
  let state = evolveGroup(structuredClone(driver.state), {
    type: "MemberClaimed",
    data: { memberId: BO, revision: 2, userId: uuid(9) },
  });
  assert.equal(state.members.get(BO)!.userId, uuid(9));
  refused(() => asGuest(record(703), "member", state), "forbidden");
  driver.run({ type: "member.remove", memberId: BO });
  state = driver.state;
  refused(() => asGuest(record(704), "member", state), "forbidden");
  const other = { ...driver.state, members: new Map() } as GroupState;
  refused(() => asGuest(record(705), "member", other), "not_found");
});
