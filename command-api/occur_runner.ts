/**
 * The scheduler's way to record an occurrence (ADR 0051): `recurrence.occur`
 * through the same group repository, decider, command identity and kept
 * answers as every HTTP command, without the HTTP side (accounts, tokens,
 * rate limits). The scheduler service and the all-in-one both use it.
 *
 * @module
 */
import type { EventStore } from "@kopek/eventstore";
import type { Logger } from "@kopek/platform";
import { commandIdentity } from "./command_identity.ts";
import type { Actor, CommandRequest, CommandResult, FamilyDeps } from "./commands/command.ts";
import { fromKept, toKept } from "./commands/kept_answer.ts";
import type { KeptAnswer } from "./commands/kept_answer.ts";
import { prepareRecurrenceOccur } from "./commands/recurrences.ts";
import type { CommandApiDeps } from "./deps.ts";
import type { FxResolver } from "./fx.ts";
import { createGroupRepository } from "./group_repository.ts";

/** What the occurrence runner needs. */
export interface OccurRunnerDeps {
  readonly store: EventStore;
  readonly logger: Logger;
  /** The commands' clock (their `at`, the decider's "now"). */
  readonly now: () => Date;
  readonly newId: () => string;
  /** The rates of foreign-currency templates. */
  readonly fx?: FxResolver;
  /** After an append (the all-in-one wakes its projector). */
  readonly onAppended?: () => void;
  /** After an append, the group and its new version (the group notices, ADR 0075). */
  readonly onGroupAppended?: (groupId: string, version: number) => void;
}

/** Runs `recurrence.occur` commands; answers as `CommandRunner.run` does. */
export interface OccurCommandRunner {
  run(request: CommandRequest, actor: Actor, requestId: string | null): Promise<CommandResult>;
}

/** Creates the runner; see the module. */
export function createOccurRunner(deps: OccurRunnerDeps): OccurCommandRunner {
  const groups = createGroupRepository(deps.store, {
    newId: deps.newId,
    onAppended: deps.onAppended,
    onGroupAppended: deps.onGroupAppended,
  });
  // Only `deps.fx` and `deps.newId` are read by `recurrence.occur`'s preparation.
  const family = {
    deps: { fx: deps.fx, newId: deps.newId } as unknown as CommandApiDeps,
  } as FamilyDeps;
  return {
    async run(request, { userId, via }, requestId) {
      if (request.type !== "recurrence.occur") {
        throw new Error(`the occurrence runner runs recurrence.occur only, not ${request.type}`);
      }
      const at = deps.now().toISOString();
      const prepared = await prepareRecurrenceOccur(family, request, userId, at);
      const { commandId, idempotency } = commandIdentity(
        request,
        userId,
        prepared.entityId,
        deps.newId,
      );
      const meta = { commandId, requestId, at, idempotency, via };
      const done = await groups.execute<KeptAnswer>(
        prepared.groupId,
        { actorUserId: userId },
        meta,
        {
          build: prepared.build,
          respond: async (decided) => toKept(await prepared.respond(decided)),
        },
      );
      deps.logger.info({
        commandId,
        command: request.type,
        groupId: prepared.groupId,
        position: done.position,
        duplicate: done.duplicate,
      }, "occurrence handled");
      const answer = fromKept(done.answer);
      return done.duplicate ? { ...answer, replayed: true } : answer;
    },
  };
}
