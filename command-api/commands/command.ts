/**
 * What every command family shares: a command as the runner takes it, its
 * typed answer, and how a family makes a request ready to execute (its
 * {@linkcode Prepared} plan). HTTP statuses and headers are not here: the
 * routes shape an answer (`routes/answer.ts`).
 *
 * @module
 */
import { z } from "zod";
import { SYNC_COMMAND_TYPES, type SyncCommandType } from "@kopek/contract";
import type { GroupEvent, GroupState } from "@kopek/domain";
import { problem, ProblemError, zodProblem } from "@kopek/platform";
import type { CommandApiDeps } from "../deps.ts";
import type { Accounts } from "../accounts.ts";
import type { CommandPlan } from "../group_repository.ts";

/** The command types of `POST /v1/sync`, named after the routes they stand for: the contract's. */
export const COMMAND_TYPES: typeof SYNC_COMMAND_TYPES = SYNC_COMMAND_TYPES;
/** A command type of `POST /v1/sync`. */
export type { SyncCommandType };
/**
 * A command type: the sync ones, accepting an invite (online only: it needs the code), setting
 * payment handles (online only: checked as typed, ADR 0052), managing the group's categories
 * (online only: settings, not ledger entries) and its recurring expenses (online only, ADR 0051;
 * `recurrence.occur` is the scheduler's).
 */
export type CommandType =
  | SyncCommandType
  | "invite.accept"
  | "member.payment_handles.set"
  | "category.add"
  | "category.update"
  | "category.remove"
  | "recurrence.create"
  | "recurrence.update"
  | "recurrence.skip"
  | "recurrence.stop"
  | "recurrence.occur"
  // Uploads (ADR 0055): online only, their bytes are not queued.
  | "attachment.add"
  | "attachment.remove";

/** One command as the runner takes it, from a route or from a sync batch. */
export interface CommandRequest {
  readonly type: CommandType;
  /** The group (for group.create: the new group's id, if the client chose one). */
  readonly groupId: string | null;
  /** The member, expense or settlement the command is about (from the path or the sync body). */
  readonly targetId: string | null;
  /** The route's body, already parsed as JSON. */
  readonly body: unknown;
  /** The version an `If-Match` asks for. */
  readonly ifMatch?: number;
  /**
   * The client's id of the command (a sync command id, or an `Idempotency-Key`);
   * creates use the new entity's id when none is given.
   */
  readonly commandId?: string;
}

/** Who sends a command: the user, and the service acting for them, if any. */
export interface Actor {
  readonly userId: string;
  readonly via: string | null;
}

/**
 * The answer to one command, a plain typed result: whether it created
 * something, its body (a JSON object), and the version of the entity it
 * answers for (the routes' `ETag`), if any.
 */
export interface CommandAnswer {
  readonly created: boolean;
  readonly body: Record<string, unknown>;
  readonly etag: number | null;
}

/** A command's answer as the runner gives it. */
export interface CommandResult extends CommandAnswer {
  /** True when this is an idempotent repeat: the kept answer, nothing appended (for metrics). */
  readonly replayed?: boolean;
}

/** What a family needs to prepare a command. */
export interface FamilyDeps {
  readonly deps: CommandApiDeps;
  readonly accounts: Accounts;
  /** An invite's code: derived from its id, so that a retried create answers the same code. */
  readonly inviteCode: (inviteId: string) => Promise<string>;
}

/**
 * A command made ready to execute: where, what, and how to answer. `respond`
 * builds the answer from the decision before the append (`position: null`
 * until the append fills it in), so that a retry answers exactly it.
 */
export interface Prepared extends CommandPlan<CommandAnswer> {
  readonly groupId: string;
  /** The id that keys idempotency when the client gave no command id (creates). */
  readonly entityId: string | null;
  /**
   * Adds to an answer, first or kept, what must not be stored with it (an
   * invite's code: only its digest is ever stored), derived again each time.
   */
  readonly reveal?: (answer: CommandAnswer) => Promise<CommandAnswer>;
}

/**
 * How a family makes one of its command types ready: parse, look up, plan.
 * `at` is the command's time (RFC 3339), the events' `at`.
 */
export type Prepare = (
  family: FamilyDeps,
  request: CommandRequest,
  actor: string,
  at: string,
) => Promise<Prepared> | Prepared;

/** A body that must be empty (or absent). */
export const EmptyBody = z.strictObject({});

/** The body parsed by a schema; a 422 problem when it does not fit. */
export function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  // Only an absent body counts as empty: a JSON `null` is a body, and not an object.
  const result = schema.safeParse(body === undefined ? {} : body);
  if (!result.success) throw new ProblemError(zodProblem(result.error));
  return result.data;
}

/** A UUID, built once: building a zod schema costs more than running it (ADR 0061). */
export const UUID = z.uuid();

/** The id of a path or sync target, lower-case; a 404 when it is not a UUID. */
export function requireId(id: string | null, what: string): string {
  if (id === null || !UUID.safeParse(id).success) {
    throw new ProblemError(problem(404, `${what} not found`, { code: "not_found" }));
  }
  return id.toLowerCase();
}

/** A member as the answers show it. */
export function memberView(state: GroupState, memberId: string) {
  const m = state.members.get(memberId)!;
  return { id: m.id, name: m.name, userId: m.userId, role: m.role, active: m.active };
}

/** The last of the events of these types. */
export function lastOf<K extends GroupEvent["type"]>(
  events: readonly GroupEvent[],
  ...types: K[]
): Extract<GroupEvent, { type: K }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if ((types as string[]).includes(e.type)) return e as Extract<GroupEvent, { type: K }>;
  }
  return undefined;
}
