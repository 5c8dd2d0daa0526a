/**
 * Test helpers of the command families: the command runner over the
 * in-memory event store, with registered users, no HTTP in between.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import { createMemoryEventStore, type EventStore } from "@kopek/eventstore";
import { createCodeMinter, createLogger, createTokenIssuer } from "@kopek/platform";
import { createAccounts } from "../accounts.ts";
import { type CommandRequest, type CommandRunner, createCommandRunner } from "../commands.ts";
import type { CommandResult } from "./command.ts";
import type { CommandApiDeps } from "../deps.ts";
import { createGroupRepository } from "../group_repository.ts";

/** A runner on a fresh store, and a way to send commands as a user. */
export interface RunnerKit {
  readonly store: EventStore;
  readonly runner: CommandRunner;
  /** Registers a user and answers their id. */
  user(name: string): Promise<string>;
  /** Runs a command as the user (fields of the request not given are null). */
  run(userId: string, request: Partial<CommandRequest>): Promise<CommandResult>;
  /** Creates a group owned by the user; answers its id and the owner's member id. */
  group(userId: string): Promise<{ groupId: string; memberId: string }>;
}

/** Creates a runner kit; `deps` overrides dependencies (a clock, an FX resolver). */
export function runnerKit(deps: Partial<CommandApiDeps> = {}): RunnerKit {
  const store = createMemoryEventStore();
  const full: CommandApiDeps = {
    store,
    tokens: createTokenIssuer({ secret: "command-api-test-secret-0123456789abcdef" }),
    codes: createCodeMinter("c".repeat(40)),
    logger: createLogger({ level: "silent" }),
    now: () => new Date(),
    newId: uuidv7,
    passwordCost: { memoryKiB: 1024, iterations: 1 },
    ...deps,
  };
  const accounts = createAccounts(full);
  const groups = createGroupRepository(store, { newId: full.newId });
  const runner = createCommandRunner(full, groups, accounts, full.codes);
  const run = (userId: string, request: Partial<CommandRequest>) =>
    runner.run(
      { type: "group.create", groupId: null, targetId: null, body: undefined, ...request },
      { userId, via: null },
      null,
    );
  return {
    store,
    runner,
    async user(name) {
      const email = `${name.toLowerCase()}-${crypto.randomUUID()}@example.com`;
      return (await accounts.register({ email, password: "pw", displayName: name })).id;
    },
    run,
    async group(userId) {
      const created = await run(userId, { body: { name: "Flat", currency: "EUR" } });
      return { groupId: String(created.body.id), memberId: String(created.body.memberId) };
    },
  };
}
