/**
 * Every write of the API as one command type: its body schema, the group
 * command it builds, and the answer it gives. HTTP routes and `POST /v1/sync`
 * both run commands through {@linkcode createCommandRunner}, so a queued
 * offline command behaves exactly as if it had been sent alone.
 *
 * @module
 */
import { z } from "zod";
import {
  codeStream,
  ExpenseInput,
  GroupCreateInput,
  type GroupEvent,
  type GroupState,
  GroupUpdateInput,
  InviteCreateInput,
  MemberAddInput,
  memberOfUser,
  MemberUpdateInput,
  SettlementInput,
  USER_EVENT_SCHEMA_VERSION,
} from "@kopek/domain";
import {
  codeDigest,
  type CodeMinter,
  inSpan,
  normaliseCode,
  problem,
  ProblemError,
  tracingEnabled,
  zodProblem,
} from "@kopek/platform";
import { commandIdentity } from "./command_identity.ts";
import type { CommandApiDeps } from "./deps.ts";
import { resolveFx } from "./fx.ts";
import type { Accounts } from "./accounts.ts";
import type { CommandPlan, GroupRepository } from "./group_repository.ts";

/** The command types of `POST /v1/sync`, named after the routes they stand for. */
export const COMMAND_TYPES = [
  "group.create",
  "group.update",
  "member.add",
  "member.update",
  "member.remove",
  "invite.create",
  "invite.revoke",
  "expense.record",
  "expense.amend",
  "expense.void",
  "settlement.record",
  "settlement.void",
  "settlement.amend",
] as const;
/** A command type of `POST /v1/sync`. */
export type SyncCommandType = (typeof COMMAND_TYPES)[number];
/** A command type: the sync ones, and accepting an invite (online only: it needs the code). */
export type CommandType = SyncCommandType | "invite.accept";

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
 * The answer to one command: its HTTP status and body. Kept as JSON with the
 * command's idempotency key, and answered as kept to every retry.
 */
export interface CommandOutcome {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  /** True when this is an idempotent repeat: the kept answer, nothing appended (for metrics). */
  readonly replayed?: boolean;
}

const EmptyBody = z.strictObject({});

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  // Only an absent body counts as empty: a JSON `null` is a body, and not an object.
  const result = schema.safeParse(body === undefined ? {} : body);
  if (!result.success) throw new ProblemError(zodProblem(result.error));
  return result.data;
}

function requireId(id: string | null, what: string): string {
  if (id === null || !z.uuid().safeParse(id).success) {
    throw new ProblemError(problem(404, `${what} not found`, { code: "not_found" }));
  }
  return id.toLowerCase();
}

function memberView(state: GroupState, memberId: string) {
  const m = state.members.get(memberId)!;
  return { id: m.id, name: m.name, userId: m.userId, role: m.role, active: m.active };
}

function lastOf<K extends GroupEvent["type"]>(
  events: readonly GroupEvent[],
  ...types: K[]
): Extract<GroupEvent, { type: K }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if ((types as string[]).includes(e.type)) return e as Extract<GroupEvent, { type: K }>;
  }
  return undefined;
}

/** Runs commands of every type; one per process. */
export interface CommandRunner {
  run(request: CommandRequest, actor: Actor, requestId: string | null): Promise<CommandOutcome>;
}

/**
 * A command made ready to execute: where, what, and how to answer. `respond`
 * builds the answer from the decision before the append (`position: null`
 * until the append fills it in), so that a retry answers exactly it.
 */
interface Prepared extends CommandPlan<CommandOutcome> {
  readonly groupId: string;
  /** The id that keys idempotency when the client gave no command id (creates). */
  readonly entityId: string | null;
  /**
   * Adds to an answer, first or kept, what must not be stored with it (an
   * invite's code: only its digest is ever stored), derived again each time.
   */
  readonly reveal?: (answer: CommandOutcome) => Promise<CommandOutcome>;
}

/** The answer with its position, which the append decides after the answer was built. */
function withPosition(outcome: CommandOutcome, position: number): CommandOutcome {
  if (outcome.body.position != null) return outcome;
  return { ...outcome, body: { ...outcome.body, position } };
}

/** How long an invite stays valid when the admin does not say. */
const DEFAULT_INVITE_HOURS = 7 * 24;

/** Creates the command runner over a group repository and the accounts. */
export function createCommandRunner(
  deps: CommandApiDeps,
  groups: GroupRepository,
  accounts: Accounts,
  codes: CodeMinter,
): CommandRunner {
  /** An invite's code: derived from its id, so that a retried create answers the same code. */
  const inviteCode = (inviteId: string) => codes.derive("invite", inviteId);

  async function prepare(request: CommandRequest, actor: string): Promise<Prepared> {
    const ifMatch = request.ifMatch;
    switch (request.type) {
      case "invite.create": {
        const groupId = requireId(request.groupId, "group");
        const body = parse(InviteCreateInput, request.body);
        const inviteId = deps.newId();
        const codeHash = codeDigest(await inviteCode(inviteId));
        const hours = body.expiresInHours ?? DEFAULT_INVITE_HOURS;
        const expiresAt = new Date(deps.now().getTime() + hours * 3_600_000).toISOString();
        return {
          groupId,
          entityId: null,
          build: () => ({
            type: "invite.create",
            inviteId,
            codeHash,
            memberId: body.memberId ?? null,
            role: body.role,
            expiresAt,
          }),
          companions: (events) =>
            events.some((e) => e.type === "InviteCreated")
              ? [{
                stream: codeStream(codeHash),
                expectedVersion: 0,
                events: [{
                  type: "CodeIssued",
                  schemaVersion: USER_EVENT_SCHEMA_VERSION,
                  data: { kind: "invite", ownerId: groupId, refId: inviteId },
                }],
              }]
              : [],
          respond: (done) => {
            const created = lastOf(done.events, "InviteCreated")!;
            return {
              status: 201,
              body: {
                id: created.data.inviteId,
                // Only the code's digest may be stored: `reveal` derives it for each answer.
                code: null,
                expiresAt: created.data.expiresAt,
                memberId: created.data.memberId,
                role: created.data.role,
                version: done.version,
                position: done.position,
              },
            };
          },
          reveal: async (answer) => ({
            ...answer,
            body: { ...answer.body, code: await inviteCode(String(answer.body.id)) },
          }),
        };
      }
      case "invite.revoke": {
        // No If-Match: an invite has no versions. Revoking is idempotent and only races with
        // accepting, which the decider settles (409 invite.used once it was used).
        const groupId = requireId(request.groupId, "group");
        const inviteId = requireId(request.targetId, "invite");
        parse(EmptyBody, request.body);
        return {
          groupId,
          entityId: null,
          build: () => ({ type: "invite.revoke", inviteId }),
          respond: (done) => {
            const invite = done.state.invites.get(inviteId)!;
            const creator = invite.createdBy === null
              ? undefined
              : done.state.members.get(invite.createdBy);
            return {
              status: 200,
              body: {
                id: invite.id,
                status: "revoked",
                memberId: invite.memberId,
                role: invite.role,
                expiresAt: invite.expiresAt,
                createdBy: creator ? { memberId: creator.id, name: creator.name } : null,
                acceptedBy: null,
                version: done.version,
                position: done.position,
              },
            };
          },
        };
      }
      case "invite.accept": {
        const code = normaliseCode(request.targetId ?? "");
        const found = code ? await accounts.codeOwner(codeDigest(code), "invite") : null;
        if (!found || found.refId === null) {
          throw new ProblemError(problem(404, "invite not found", { code: "not_found" }));
        }
        parse(EmptyBody, request.body);
        const inviteId = found.refId;
        const name = await accounts.displayName(actor);
        const newMemberId = deps.newId();
        const now = deps.now().toISOString();
        return {
          groupId: found.ownerId,
          entityId: null,
          build: () => ({ type: "invite.accept", inviteId, newMemberId, name, now }),
          respond: (done) => {
            // Accepted now (its event names the member) or by this caller before (the caller is an
            // active member). A retry kept before answers were, of a caller removed since, has
            // neither: it answers as a second use would.
            const memberId = lastOf(done.events, "InviteAccepted")?.data.memberId ??
              memberOfUser(done.state, actor)?.id;
            if (memberId === undefined) {
              throw new ProblemError(
                problem(409, "this invite has already been used", { code: "invite.used" }),
              );
            }
            const m = done.state.members.get(memberId)!;
            return {
              status: 200,
              body: {
                ...memberView(done.state, memberId),
                groupId: found.ownerId,
                groupName: done.state.name,
                version: m.revision,
                position: done.position,
              },
              headers: { ETag: `"${m.revision}"` },
            };
          },
        };
      }
      case "group.create": {
        const body = parse(GroupCreateInput, request.body);
        const groupId = body.id ?? request.groupId ?? deps.newId();
        const ownerName = await accounts.displayName(actor);
        const ownerMemberId = deps.newId();
        return {
          groupId,
          entityId: groupId,
          build: () => ({
            type: "group.create",
            groupId,
            name: body.name,
            currency: body.currency,
            ownerMemberId,
            ownerName,
          }),
          respond: (done) => {
            const created = lastOf(done.events, "GroupCreated")!;
            const owner = lastOf(done.events, "MemberAdded")!;
            return {
              status: 201,
              body: {
                id: created.data.groupId,
                version: done.version,
                position: done.position,
                name: created.data.name,
                currency: created.data.currency,
                memberId: owner.data.memberId,
              },
            };
          },
        };
      }
      case "group.update": {
        const groupId = requireId(request.groupId, "group");
        const body = parse(GroupUpdateInput, request.body);
        return {
          groupId,
          entityId: null,
          build: () => ({ type: "group.update", ...body }),
          respond: (done) => ({
            status: 200,
            body: {
              id: groupId,
              version: done.version,
              position: done.position,
              name: done.state.name,
              currency: done.state.currency,
            },
          }),
        };
      }
      case "member.add": {
        const groupId = requireId(request.groupId, "group");
        const body = parse(MemberAddInput, request.body);
        const memberId = body.id ?? request.targetId ?? deps.newId();
        const userId = body.email ? await accounts.userIdByEmail(body.email) : null;
        return {
          groupId,
          entityId: memberId,
          build: () => ({ type: "member.add", memberId, name: body.name, userId, role: body.role }),
          respond: (done) => {
            const added = lastOf(done.events, "MemberAdded")!;
            return {
              status: 201,
              body: {
                id: added.data.memberId,
                name: added.data.name,
                userId: added.data.userId,
                role: added.data.role,
                active: true,
                version: 1,
                position: done.position,
              },
              headers: { ETag: `"1"` },
            };
          },
        };
      }
      case "member.update":
      case "member.remove": {
        const groupId = requireId(request.groupId, "group");
        const memberId = requireId(request.targetId, "member");
        const build: Prepared["build"] = request.type === "member.update"
          ? (() => {
            const body = parse(MemberUpdateInput, request.body);
            return () => ({ type: "member.update", memberId, ...body, ifMatch });
          })()
          : (parse(EmptyBody, request.body), () => ({ type: "member.remove", memberId, ifMatch }));
        return {
          groupId,
          entityId: null,
          build,
          respond: (done) => {
            const m = done.state.members.get(memberId)!;
            return {
              status: 200,
              body: {
                ...memberView(done.state, memberId),
                version: m.revision,
                position: done.position,
              },
              headers: { ETag: `"${m.revision}"` },
            };
          },
        };
      }
      case "expense.record":
      case "expense.amend": {
        const groupId = requireId(request.groupId, "group");
        const body = parse(ExpenseInput, request.body);
        const amend = request.type === "expense.amend";
        const expenseId = amend
          ? requireId(request.targetId, "expense")
          : body.id ?? request.targetId ?? deps.newId();
        return {
          groupId,
          entityId: amend ? null : expenseId,
          build: async (state) => {
            const fx = await resolveFx(
              { currency: body.total.currency, date: body.date, fx: body.fx },
              state.currency,
              deps.fx,
            );
            return amend
              ? { type: "expense.amend", expenseId, input: body, fx, ifMatch }
              : { type: "expense.record", expenseId, input: body, fx };
          },
          respond: (done) => {
            const event = lastOf(done.events, "ExpenseRecorded", "ExpenseAmended")!;
            return {
              status: amend ? 200 : 201,
              body: {
                id: event.data.expenseId,
                version: event.data.revision,
                position: done.position,
                shares: event.data.shares,
                converted: event.data.converted,
                fx: event.data.fx,
              },
              headers: { ETag: `"${event.data.revision}"` },
            };
          },
        };
      }
      case "expense.void":
      case "settlement.void": {
        const groupId = requireId(request.groupId, "group");
        const expense = request.type === "expense.void";
        const id = requireId(request.targetId, expense ? "expense" : "settlement");
        parse(EmptyBody, request.body);
        return {
          groupId,
          entityId: null,
          build: () =>
            expense
              ? { type: "expense.void", expenseId: id, ifMatch }
              : { type: "settlement.void", settlementId: id, ifMatch },
          respond: (done) => {
            const event = lastOf(done.events, "ExpenseVoided", "SettlementVoided")!;
            return {
              status: 200,
              body: { id, version: event.data.revision, position: done.position, voided: true },
              headers: { ETag: `"${event.data.revision}"` },
            };
          },
        };
      }
      case "settlement.record":
      case "settlement.amend": {
        const groupId = requireId(request.groupId, "group");
        const body = parse(SettlementInput, request.body);
        const amend = request.type === "settlement.amend";
        const settlementId = amend
          ? requireId(request.targetId, "settlement")
          : body.id ?? request.targetId ?? deps.newId();
        return {
          groupId,
          entityId: amend ? null : settlementId,
          build: async (state) => {
            const fx = await resolveFx(
              { currency: body.amount.currency, date: body.date, fx: body.fx },
              state.currency,
              deps.fx,
            );
            return amend
              ? { type: "settlement.amend", settlementId, input: body, fx, ifMatch }
              : { type: "settlement.record", settlementId, input: body, fx };
          },
          respond: (done) => {
            const event = lastOf(done.events, "SettlementRecorded", "SettlementAmended")!;
            return {
              status: amend ? 200 : 201,
              body: {
                id: event.data.settlementId,
                version: event.data.revision,
                position: done.position,
                converted: event.data.converted,
                fx: event.data.fx,
              },
              headers: { ETag: `"${event.data.revision}"` },
            };
          },
        };
      }
      default: {
        const unknown: never = request.type;
        throw new Error(`unknown command type ${unknown}`);
      }
    }
  }

  return {
    run(request, principal, requestId) {
      if (!tracingEnabled) return runCommand(request, principal, requestId);
      // A command's span: its type only (ids and bodies stay out of traces).
      const type = (COMMAND_TYPES as readonly string[]).includes(request.type)
        ? request.type
        : "unknown";
      return inSpan(`command ${type}`, {
        attributes: { "kopek.command.type": type },
      }, async (span) => {
        const outcome = await runCommand(request, principal, requestId);
        span?.setAttribute("kopek.command.outcome", "accepted");
        return outcome;
      });
    },
  };

  async function runCommand(
    request: CommandRequest,
    { userId: actor, via }: Actor,
    requestId: string | null,
  ): Promise<CommandOutcome> {
    const prepared = await prepare(request, actor);
    const { commandId, idempotency } = commandIdentity(
      request,
      actor,
      prepared.entityId,
      deps.newId,
    );
    const meta = { commandId, requestId, at: deps.now().toISOString(), idempotency, via };
    const done = await groups.execute(prepared.groupId, { actorUserId: actor }, meta, prepared);
    deps.logger.info({
      requestId,
      commandId,
      command: request.type,
      groupId: prepared.groupId,
      position: done.position,
      duplicate: done.duplicate,
    }, "command applied");
    const outcome = withPosition(done.answer, done.position);
    const answer = prepared.reveal ? await prepared.reveal(outcome) : outcome;
    return done.duplicate ? { ...answer, replayed: true } : answer;
  }
}
