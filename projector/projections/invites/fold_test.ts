import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type GroupEvent, parseGroupEvent } from "@kopek/domain";
import { createSimGroup } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import { foldInvites, invitesState } from "./fold.ts";

const HASH = "a".repeat(64);
const LATER = "2026-12-01T00:00:00.000Z";

/** A group of an owner, a member bound to a user and a placeholder. */
function groupWithPlaceholder() {
  const { group } = createSimGroup({ members: 2 });
  const owner = group.events[1] as Extract<GroupEvent, { type: "MemberAdded" }>;
  const placeholder = group.events[3] as Extract<GroupEvent, { type: "MemberAdded" }>;
  return { group, owner: owner.data.memberId, placeholder: placeholder.data.memberId };
}

Deno.test("foldInvites() keeps each invite's creator, use and revocation, in stream order", () => {
  const { group, owner, placeholder } = groupWithPlaceholder();
  const [a, b, c] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const user = crypto.randomUUID();
  const created = (inviteId: string, memberId: string | null): GroupEvent => ({
    type: "InviteCreated",
    data: {
      inviteId,
      codeHash: HASH,
      memberId,
      role: "member",
      expiresAt: LATER,
      createdBy: owner,
    },
  });
  const envelopes = envelopesOf(group.groupId, [
    ...group.events,
    created(a, placeholder),
    created(b, null),
    created(c, null),
    { type: "MemberClaimed", data: { memberId: placeholder, revision: 2, userId: user } },
    { type: "InviteAccepted", data: { inviteId: a, memberId: placeholder, userId: user } },
    { type: "InviteRevoked", data: { inviteId: b } },
  ]);
  const state = foldInvites(invitesState(), envelopes);
  const row = (id: string) => state.rows.get(`${group.groupId}/${id}`)!;
  assertEquals(
    [a, b, c].map((id) => [
      row(id).memberId,
      row(id).createdBy,
      row(id).createdVersion,
      row(id).acceptedByMember,
      row(id).acceptedByUser,
      row(id).revoked,
    ]),
    [
      [placeholder, owner, 5, placeholder, user, false],
      [null, owner, 6, null, null, true],
      [null, owner, 7, null, null, false],
    ],
  );
  assertEquals([row(c).role, row(c).expiresAt, row(c).createdAt], [
    "member",
    LATER,
    "2026-01-01T00:00:00.000Z",
  ]);
  assertEquals(state.dirty.size, 3);

  // Applied again over the stored rows: nothing changes.
  const again = foldInvites(
    invitesState([...state.rows.values()].map((r) => ({ ...r }))),
    envelopes,
  );
  assertEquals(again.dirty.size, 0);
  assertEquals([...again.rows.values()], [...state.rows.values()]);
});

Deno.test("foldInvites() reads a schema v1 invite (upcast) as one without a creator", () => {
  const { group } = createSimGroup();
  const inviteId = crypto.randomUUID();
  const v1 = parseGroupEvent("InviteCreated", 1, {
    inviteId,
    codeHash: HASH,
    memberId: null,
    role: "viewer",
    expiresAt: LATER,
  });
  const state = foldInvites(invitesState(), envelopesOf(group.groupId, [...group.events, v1]));
  const row = state.rows.get(`${group.groupId}/${inviteId}`)!;
  assertEquals([row.createdBy, row.role, row.revoked], [null, "viewer", false]);
});

Deno.test("foldInvites() ignores use and revocation of an invite it never saw created", () => {
  const { group } = createSimGroup();
  const state = foldInvites(
    invitesState(),
    envelopesOf(group.groupId, [
      ...group.events,
      { type: "InviteRevoked", data: { inviteId: crypto.randomUUID() } },
    ]),
  );
  assertEquals([state.rows.size, state.dirty.size], [0, 0]);
});
