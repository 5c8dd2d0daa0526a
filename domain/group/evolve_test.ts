import assert from "node:assert/strict";
import fc from "fast-check";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { foldGroup, foldGroupCopy } from "./evolve.ts";
import { initialGroupState } from "./state.ts";
import { groupWithMembers, uuid } from "../testing/group_fixtures.ts";
import { arbSteps, play } from "../testing/ledger_arbitraries.ts";

/** A generated ledger history, then member and invite changes on top of it. */
function history(steps: Parameters<typeof play>[0]): GroupEvent[] {
  const driver = play(steps);
  const more: GroupCommand[] = [
    { type: "member.update", memberId: uuid(101), name: "Renamed", role: "admin" },
    {
      type: "invite.create",
      inviteId: uuid(900),
      codeHash: "c".repeat(64),
      memberId: null,
      role: "viewer",
      expiresAt: "2999-01-01T00:00:00Z",
    },
    {
      type: "invite.accept",
      inviteId: uuid(900),
      newMemberId: uuid(901),
      name: "Joiner",
      now: "2026-11-22T00:00:00Z",
    },
    { type: "member.add", memberId: uuid(902), name: "Late", userId: null, role: "member" },
    { type: "member.remove", memberId: uuid(902) },
    {
      type: "invite.create",
      inviteId: uuid(903),
      codeHash: "d".repeat(64),
      memberId: null,
      role: "member",
      expiresAt: "2999-01-01T00:00:00Z",
    },
    { type: "invite.revoke", inviteId: uuid(903) },
    { type: "group.update", name: "Trip 2", currency: undefined },
  ];
  for (const command of more) {
    driver.run(command, command.type === "invite.accept" ? uuid(99) : undefined);
  }
  return driver.events;
}

Deno.test("foldGroupCopy() gives the state foldGroup() would and leaves the original as it was", () => {
  fc.assert(
    fc.property(arbSteps(groupWithMembers(4).members), fc.nat({ max: 3 }), (steps, width) => {
      const events = history(steps);
      for (let i = 1; i < events.length; i++) {
        const before = foldGroup(initialGroupState(), structuredClone(events.slice(0, i)));
        const snapshot = structuredClone(before);
        const window = events.slice(i, i + 1 + width);
        const copied = foldGroupCopy(before, structuredClone(window));
        assert.deepEqual(copied, foldGroup(structuredClone(before), structuredClone(window)));
        assert.deepEqual(before, snapshot, `events ${i}..${i + window.length}`);
      }
    }),
    { numRuns: 60 },
  );
});
