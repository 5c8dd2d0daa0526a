import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { GroupEvent } from "@kopek/domain";
import { createSimGroup } from "../../testing/builder.ts";
import { envelopesOf } from "../../testing/envelopes.ts";
import { foldCategories } from "./fold.ts";

Deno.test("foldCategories() keeps each category's last body, and marks removals", () => {
  const { group } = createSimGroup({ members: 1 });
  const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
  const body = { name: "Ski", icon: "⛷️", colour: "#3366ff" };
  const events: GroupEvent[] = [
    { type: "CategoryAdded", data: { categoryId: a, ...body } },
    { type: "CategoryChanged", data: { categoryId: a, ...body, name: "Skiing" } },
    { type: "CategoryAdded", data: { categoryId: b, ...body, name: "Fuel" } },
    { type: "CategoryRemoved", data: { categoryId: b } },
  ];
  const envelopes = envelopesOf(group.groupId, [...group.events, ...events]);
  const changes = foldCategories(envelopes);
  assertEquals([...changes.values()], [
    {
      groupId: group.groupId,
      categoryId: a,
      body: { ...body, name: "Skiing" },
      removed: false,
      position: envelopes.at(-3)!.position,
    },
    {
      groupId: group.groupId,
      categoryId: b,
      body: { ...body, name: "Fuel" },
      removed: true,
      position: envelopes.at(-1)!.position,
    },
  ]);
  // A batch with only the removal: no body, the row is only marked.
  const [removal] = foldCategories(envelopes.slice(-1)).values();
  assertEquals([removal.body, removal.removed], [null, true]);
  assertEquals(foldCategories(envelopes.slice(0, group.events.length)).size, 0);
});
