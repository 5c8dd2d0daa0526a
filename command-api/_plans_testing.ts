/**
 * Test kit: the command plans, context and metadata that the repository's tests run
 * (`group_repository_test.ts`, `group_notices.int_test.ts`).
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import type { CommandPlan } from "./group_repository.ts";

/** One actor for every command of a test. */
export const ctx = { actorUserId: uuidv7() };

/** A command's metadata: a new command id, now. */
export const meta = () => ({ commandId: uuidv7(), requestId: null, at: new Date().toISOString() });

/** Creates the group (a "Flat" in EUR owned by Ana); answers the stream version. */
export function create(groupId: string): CommandPlan<number> {
  return {
    build: () => ({
      type: "group.create",
      groupId,
      name: "Flat",
      currency: "EUR",
      ownerMemberId: uuidv7(),
      ownerName: "Ana",
    }),
    respond: (done) => done.version,
  };
}

/** Renames the group; answers `name@version`. */
export const rename = (name: string): CommandPlan<string> => ({
  build: () => ({ type: "group.update", name }),
  respond: (done) => `${done.state.name}@${done.version}`,
});
