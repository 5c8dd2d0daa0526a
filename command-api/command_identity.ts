/**
 * How a command is recognised when it is sent again: its id and its
 * idempotency key, scoped to the user who acts (ADR 0019). The same id from
 * two users is two commands; the same id from one user with other content
 * is a 409.
 *
 * @module
 */
import type { Idempotency } from "@kopek/eventstore";
import { contentHash } from "./content_hash.ts";

/** What of a command makes it the same command again. */
export interface CommandFacts {
  readonly type: string;
  readonly groupId: string | null;
  readonly targetId: string | null;
  readonly body: unknown;
  readonly ifMatch?: number;
  /** The client's id of the command: a sync command id or an `Idempotency-Key`. */
  readonly commandId?: string;
}

/** A command's identity. */
export interface CommandIdentity {
  /** The command id its events' metadata carry: `<type>:<id>`, or a fresh id when it has none. */
  readonly commandId: string;
  /** The store's key and content digest; absent when the command carries no id. */
  readonly idempotency?: Omit<Idempotency, "response">;
}

/**
 * The identity of a command that `actor` sends: keyed by the client's
 * command id, else by the id of the entity it creates (`entityId`), else
 * none (a fresh command id from `newId`). The key starts with the actor's id,
 * so that no user can claim, probe or replay another's keys; the content
 * digest includes the actor too (keys kept before keys were scoped).
 *
 * @example
 * ```ts
 * const a = commandIdentity({ type: "expense.record", groupId: g, targetId: null, body, commandId: "k1" }, ana, null, uuidv7);
 * a.idempotency!.key; // `${ana}:expense.record:k1`
 * ```
 */
export function commandIdentity(
  request: CommandFacts,
  actor: string,
  entityId: string | null,
  newId: () => string,
): CommandIdentity {
  const id = request.commandId ?? entityId;
  if (id === null) return { commandId: newId() };
  const commandId = `${request.type}:${id}`;
  return {
    commandId,
    idempotency: {
      key: `${actor}:${commandId}`,
      contentHash: contentHash({
        type: request.type,
        groupId: request.groupId,
        targetId: request.targetId,
        ifMatch: request.ifMatch ?? null,
        body: request.body ?? null,
        actor,
      }),
    },
  };
}
