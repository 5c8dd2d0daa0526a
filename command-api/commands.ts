/**
 * Runs every write of the API: each command type is prepared by its family
 * (`commands/*.ts`: its schema, how a request becomes a group command, its
 * answer) and executed through the group repository. HTTP routes and
 * `POST /v1/sync` both run commands through {@linkcode createCommandRunner},
 * so a queued offline command behaves exactly as if it had been sent alone.
 *
 * @module
 */
import { type CodeMinter, guestForbidden, guestOf, inSpan, tracingEnabled } from "@kopek/platform";
import { GUEST_COMMANDS } from "@kopek/domain";
import { commandIdentity } from "./command_identity.ts";
import type { CommandApiDeps } from "./deps.ts";
import type { Accounts } from "./accounts.ts";
import type { GroupRepository } from "./group_repository.ts";
import {
  type Actor,
  COMMAND_TYPES,
  type CommandAnswer,
  type CommandRequest,
  type CommandResult,
  type CommandType,
  type FamilyDeps,
  type Prepare,
} from "./commands/command.ts";
import { fromKept, type KeptAnswer, toKept } from "./commands/kept_answer.ts";
import { prepareGroupCreate, prepareGroupUpdate } from "./commands/groups.ts";
import {
  prepareMemberAdd,
  prepareMemberPaymentHandlesSet,
  prepareMemberRemove,
  prepareMemberUpdate,
} from "./commands/members.ts";
import {
  prepareInviteAccept,
  prepareInviteCreate,
  prepareInviteRevoke,
} from "./commands/invites.ts";
import {
  prepareExpenseAmend,
  prepareExpenseRecord,
  prepareExpenseVoid,
} from "./commands/expenses.ts";
import {
  prepareSettlementAmend,
  prepareSettlementRecord,
  prepareSettlementVoid,
} from "./commands/settlements.ts";
import { prepareCommentAdd } from "./commands/comments.ts";
import { prepareAttachmentAdd, prepareAttachmentRemove } from "./commands/attachments.ts";
import {
  prepareCategoryAdd,
  prepareCategoryRemove,
  prepareCategoryUpdate,
} from "./commands/categories.ts";
import {
  prepareRecurrenceCreate,
  prepareRecurrenceOccur,
  prepareRecurrenceSkip,
  prepareRecurrenceStop,
  prepareRecurrenceUpdate,
} from "./commands/recurrences.ts";

export {
  type Actor,
  COMMAND_TYPES,
  type CommandAnswer,
  type CommandRequest,
  type CommandResult,
  type CommandType,
  type SyncCommandType,
} from "./commands/command.ts";

/** Each command type's family. */
const PREPARE: Record<CommandType, Prepare> = {
  "group.create": prepareGroupCreate,
  "group.update": prepareGroupUpdate,
  "member.add": prepareMemberAdd,
  "member.update": prepareMemberUpdate,
  "member.remove": prepareMemberRemove,
  "invite.create": prepareInviteCreate,
  "invite.revoke": prepareInviteRevoke,
  "invite.accept": prepareInviteAccept,
  "expense.record": prepareExpenseRecord,
  "expense.amend": prepareExpenseAmend,
  "expense.void": prepareExpenseVoid,
  "settlement.record": prepareSettlementRecord,
  "settlement.amend": prepareSettlementAmend,
  "settlement.void": prepareSettlementVoid,
  "comment.add": prepareCommentAdd,
  "attachment.add": prepareAttachmentAdd,
  "attachment.remove": prepareAttachmentRemove,
  "member.payment_handles.set": prepareMemberPaymentHandlesSet,
  "category.add": prepareCategoryAdd,
  "category.update": prepareCategoryUpdate,
  "category.remove": prepareCategoryRemove,
  "recurrence.create": prepareRecurrenceCreate,
  "recurrence.update": prepareRecurrenceUpdate,
  "recurrence.skip": prepareRecurrenceSkip,
  "recurrence.stop": prepareRecurrenceStop,
  "recurrence.occur": prepareRecurrenceOccur,
};

/** Runs commands of every type; one per process. */
export interface CommandRunner {
  run(request: CommandRequest, actor: Actor, requestId: string | null): Promise<CommandResult>;
}

/** The answer with its position, which the append decides after the answer was built. */
function withPosition(answer: CommandAnswer, position: number): CommandAnswer {
  if (answer.body.position != null) return answer;
  return { ...answer, body: { ...answer.body, position } };
}

/** Creates the command runner over a group repository and the accounts. */
export function createCommandRunner(
  deps: CommandApiDeps,
  groups: GroupRepository,
  accounts: Accounts,
  codes: CodeMinter,
): CommandRunner {
  const family: FamilyDeps = {
    deps,
    accounts,
    inviteCode: (inviteId) => codes.derive("invite", inviteId),
  };

  async function runCommand(
    request: CommandRequest,
    { userId: actor, via }: Actor,
    requestId: string | null,
  ): Promise<CommandResult> {
    const prepare = PREPARE[request.type];
    if (prepare === undefined) throw new Error(`unknown command type ${request.type}`);
    // A guest writes only the ledger of its own group, as its placeholder member (ADR 0059).
    const guest = guestOf(actor);
    if (guest !== null) {
      if (!GUEST_COMMANDS.has(request.type) || request.groupId?.toLowerCase() !== guest.groupId) {
        throw guestForbidden();
      }
    }
    const at = deps.now().toISOString();
    const prepared = await prepare(family, request, actor, at);
    const { commandId, idempotency } = commandIdentity(
      request,
      actor,
      prepared.entityId,
      deps.newId,
    );
    const meta = { commandId, requestId, at, idempotency, via };
    // Kept with the idempotency key in the format answers were always kept in (ADR 0019).
    const done = await groups.execute<KeptAnswer>(
      prepared.groupId,
      {
        actorUserId: actor,
        ...(guest ? { guest: { memberId: guest.memberId, role: guest.role } } : {}),
      },
      meta,
      {
        build: prepared.build,
        companions: prepared.companions,
        respond: async (decided) => toKept(await prepared.respond(decided)),
      },
    );
    deps.logger.info({
      requestId,
      commandId,
      command: request.type,
      groupId: prepared.groupId,
      position: done.position,
      duplicate: done.duplicate,
    }, "command applied");
    const answer = withPosition(fromKept(done.answer), done.position);
    const revealed = prepared.reveal ? await prepared.reveal(answer) : answer;
    return done.duplicate ? { ...revealed, replayed: true } : revealed;
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
}
