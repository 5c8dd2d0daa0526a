/**
 * Test kit: the command plans, context and metadata that the repository's tests run
 * (`group_repository_test.ts`, `group_repository.int_test.ts`, `group_notices.int_test.ts`).
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import type { GroupCommand } from "@kopek/domain";
import type { CommandPlan } from "./group_repository.ts";

/** One actor for every command of a test. */
export const ctx = { actorUserId: uuidv7() };

/** A command's metadata: a new command id, now. */
export const meta = () => ({ commandId: uuidv7(), requestId: null, at: new Date().toISOString() });

/** The command that creates the group: a "Flat" in EUR owned by Ana. */
export function createCommand(groupId: string): GroupCommand {
  return {
    type: "group.create",
    groupId,
    name: "Flat",
    currency: "EUR",
    ownerMemberId: uuidv7(),
    ownerName: "Ana",
  };
}

/** Creates the group ({@linkcode createCommand}); answers the stream version. */
export function create(groupId: string): CommandPlan<number> {
  return { build: () => createCommand(groupId), respond: (done) => done.version };
}

/** Renames the group; answers `name@version`. */
export const rename = (name: string): CommandPlan<string> => ({
  build: () => ({ type: "group.update", name }),
  respond: (done) => `${done.state.name}@${done.version}`,
});
