import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { GroupEvent } from "@kopek/domain";
import { createSimGroup } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import { accessState, foldAccess } from "./fold.ts";

Deno.test("foldAccess() tracks roles and deactivation by revision", () => {
  const { group } = createSimGroup({ members: 1 });
  const member = group.events[2] as Extract<GroupEvent, { type: "MemberAdded" }>;
  const memberId = member.data.memberId;
  const envelopes = envelopesOf(group.groupId, [
    ...group.events,
    { type: "MemberRoleChanged", data: { memberId, revision: 2, role: "admin" } },
    { type: "MemberRenamed", data: { memberId, revision: 3, name: "X" } },
    { type: "MemberDeactivated", data: { memberId, revision: 4 } },
  ]);
  const state = foldAccess(accessState(), envelopes);
  const row = state.rows.get(`${group.groupId}/${memberId}`)!;
  assertEquals([row.role, row.active, row.revision, row.userId], [
    "admin",
    false,
    4,
    member.data.userId,
  ]);
  const again = foldAccess(accessState([{ ...row }]), envelopes);
  assertEquals(again.dirty.size, 1); // only the owner row, which was not loaded
});
