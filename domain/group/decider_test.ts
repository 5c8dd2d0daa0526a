import assert from "node:assert/strict";
import { fold } from "../decider.ts";
import { DomainError } from "../errors.ts";
import { GROUP, OWNER_MEMBER, OWNER_USER } from "../testing/group_fixtures.ts";
import { groupDecider } from "./decider.ts";

const create = {
  command: {
    type: "group.create" as const,
    groupId: GROUP,
    name: "Flat",
    currency: "EUR",
    ownerMemberId: OWNER_MEMBER,
    ownerName: "Ana",
  },
  context: { actorUserId: OWNER_USER },
};

Deno.test("groupDecider decides with the context the command carries", () => {
  const events = groupDecider.decide(create, groupDecider.initialState());
  assert.deepEqual(events.map((e) => e.type), ["GroupCreated", "MemberAdded"]);
  const state = fold(groupDecider, events);
  assert.equal(state.members.get(OWNER_MEMBER)?.userId, OWNER_USER);
  assert.throws(() => groupDecider.decide(create, state), DomainError);
});

Deno.test("groupDecider refuses a user who is no member", () => {
  const state = fold(groupDecider, groupDecider.decide(create, groupDecider.initialState()));
  const rename = { command: { type: "group.update" as const, name: "Home" } };
  assert.deepEqual(
    groupDecider.decide({ ...rename, context: { actorUserId: OWNER_USER } }, state),
    [{ type: "GroupRenamed", data: { name: "Home" } }],
  );
  assert.throws(
    () => groupDecider.decide({ ...rename, context: { actorUserId: "someone-else" } }, state),
    (e) => e instanceof DomainError && e.kind === "not_found",
  );
});
