import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { GroupEvent } from "@kopek/domain";
import { createSimGroup } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import { foldGroups, groupsState } from "./fold.ts";

Deno.test("foldGroups() builds the group and its members in joining order", () => {
  const { group } = createSimGroup({ name: "Flat", members: 2 });
  const owner = group.events[1] as Extract<GroupEvent, { type: "MemberAdded" }>;
  const more: GroupEvent[] = [
    { type: "GroupRenamed", data: { name: "Our flat" } },
    { type: "MemberRenamed", data: { memberId: owner.data.memberId, revision: 2, name: "Ana" } },
    {
      type: "MemberDeactivated",
      data: { memberId: (group.events[2] as typeof owner).data.memberId, revision: 2 },
    },
  ];
  const state = foldGroups(groupsState(), envelopesOf(group.groupId, [...group.events, ...more]));
  const g = state.groups.get(group.groupId)!;
  assertEquals([g.name, g.currency, g.version], ["Our flat", "EUR", 7]);
  const members = [...state.members.values()].sort((a, b) => a.joinedVersion - b.joinedVersion);
  assertEquals(members.map((m) => [m.name, m.active, m.revision]), [
    ["Ana", true, 2],
    ["Member 1", false, 2],
    ["Member 2", true, 1],
  ]);
});

Deno.test("foldGroups() ignores events at or below the stored version", () => {
  const { group } = createSimGroup();
  const envelopes = envelopesOf(group.groupId, [
    ...group.events,
    { type: "GroupRenamed", data: { name: "New" } },
  ]);
  const state = foldGroups(groupsState(), envelopes);
  const again = foldGroups(
    groupsState([...state.groups.values()], [...state.members.values()]),
    envelopes,
  );
  assertEquals(again.dirtyGroups.size + again.dirtyMembers.size, 0);
  assertEquals(again.groups.get(group.groupId)!.name, "New");
});
