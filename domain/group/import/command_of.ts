/**
 * The command a run of stored events stands for: the `GroupCommand` the
 * edge would have built for the request that caused them (ids, texts parsed
 * with the API's own body schemas, the resolved conversion), so that the
 * decider can decide it again. A command's events are recognised by their
 * types and the members they name; at most three events make one command,
 * so a stream's pending events never exceed that.
 *
 * The recogniser only proposes: the decider, given the state before, must
 * decide exactly the stored events from the command, or the import refuses.
 *
 * @module
 */
import type { z } from "zod";
import { Text } from "../../shared/schemas.ts";
import { TEXT_LIMITS } from "../../shared/limits.ts";
import { parseInstant } from "../../shared/instant.ts";
import {
  CategoryAddInput,
  CommentAddInput,
  ExpenseInput,
  type GroupCommand,
  GroupCreateInput,
  GroupUpdateInput,
  MemberAddInput,
  MemberUpdateInput,
  PaymentHandlesInput,
  type ResolvedFx,
  SettlementInput,
} from "../commands.ts";
import type { ExpenseData, GroupEvent, GroupEventOf, SettlementData } from "../events.ts";
import {
  isRecurrenceEvent,
  occurrenceCommand,
  recogniseRecurrence,
} from "./recurrence_command_of.ts";

/** A history that no command of the API could have caused. */
export class Unrecognised extends Error {
  override name = "Unrecognised";
}

/** What the pending events of a stream stand for. */
export type Recognised =
  /** They may be the start of a longer command: wait for the next event of the run. */
  | { readonly kind: "more" }
  /**
   * The first `count` events are one command: one of `candidates` (several
   * only for a foreign amount, whose conversion the edge may have resolved
   * two ways) must decide exactly them.
   */
  | {
    readonly kind: "command";
    readonly count: number;
    readonly candidates: readonly GroupCommand[];
  };

/** An invite's lifetime: the API lets an admin choose 1 to 720 hours. */
const INVITE_MIN_MS = 3_600_000;
const INVITE_MAX_MS = 720 * 3_600_000;
/**
 * The edge reads its clock for `expiresAt` a moment before it stamps the
 * command's `at`: an invite of one hour may expire that moment less than an
 * hour after `at`.
 */
const INVITE_CLOCK_SLACK_MS = 5 * 60_000;

const DisplayName = Text(TEXT_LIMITS.displayName);

function input<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Unrecognised(
      `the API refuses its ${what}: ${issue.path.join(".") || what}: ${issue.message}`,
    );
  }
  return parsed.data;
}

function fxCandidates(data: ExpenseData | SettlementData): (ResolvedFx | null)[] {
  if (data.fx === null) return [null];
  const rate: ResolvedFx = {
    kind: "rate",
    rate: data.fx.rate,
    date: data.fx.date,
    source: data.fx.source,
  };
  // A client's converted amount is stored as the rate it implies, with the source "client".
  return data.fx.source === "client"
    ? [rate, { kind: "converted", amount: data.converted.amount, date: data.fx.date }]
    : [rate];
}

function expenseInput(d: ExpenseData): ExpenseInput {
  return input(ExpenseInput, {
    description: d.description,
    total: d.total,
    date: d.date,
    category: d.category,
    paidBy: d.paidBy,
    // An itemized expense is asked for by its items; its stored split is what they gave.
    ...(d.items ? { items: d.items, charges: d.charges ?? {} } : { split: d.split }),
    note: d.note,
  }, "expense");
}

function settlementInput(d: SettlementData): SettlementInput {
  return input(SettlementInput, {
    from: d.from,
    to: d.to,
    amount: d.amount,
    date: d.date,
    note: d.note,
  }, "settlement");
}

function commentCommand(d: GroupEventOf<"CommentAdded">["data"]): GroupCommand {
  const { text } = input(CommentAddInput, { text: d.text }, "comment");
  return { type: "comment.add", commentId: d.commentId, expenseId: d.expenseId, text };
}

function handlesCommand(d: GroupEventOf<"MemberPaymentHandlesSet">["data"]): GroupCommand {
  const { handles } = input(PaymentHandlesInput, { handles: d.handles }, "payment handles");
  return { type: "member.payment_handles.set", memberId: d.memberId, handles };
}

function categoryCommand(
  e: GroupEventOf<"CategoryAdded" | "CategoryChanged" | "CategoryRemoved">,
): GroupCommand {
  const { categoryId } = e.data;
  if (e.type === "CategoryRemoved") return { type: "category.remove", categoryId };
  const { name, icon, colour } = input(
    CategoryAddInput,
    { name: e.data.name, icon: e.data.icon, colour: e.data.colour },
    "category",
  );
  // A change names every field: the decider emits only a real change, so this decides the same.
  return e.type === "CategoryAdded"
    ? { type: "category.add", categoryId, name, icon, colour }
    : { type: "category.update", categoryId, name, icon, colour };
}

function one(count: number, command: GroupCommand): Recognised {
  return { kind: "command", count, candidates: [command] };
}

function is<K extends GroupEvent["type"]>(
  e: GroupEvent | undefined,
  type: K,
): e is GroupEventOf<K> {
  return e?.type === type;
}

/**
 * Recognises the command that the first of `events` (pending events of one
 * stream, of one run: same command id, actor and time) begins. `closed`
 * says the run has ended (no later event can belong to this command). `at`
 * is the run's time (RFC 3339). Throws {@linkcode Unrecognised} when no
 * command of the API begins so.
 */
export function recogniseCommand(
  events: readonly GroupEvent[],
  closed: boolean,
  at: string,
): Recognised {
  const [e0, e1, e2] = events;
  /** Whether fewer than `n` events are known while more may come. */
  const waiting = (n: number) => events.length < n && !closed;
  if (isRecurrenceEvent(e0)) {
    const r = recogniseRecurrence(e0, e1, waiting, at);
    if (r.kind === "unrecognised") throw new Unrecognised(r.reason);
    return r.kind === "more" ? r : one(r.count, r.command);
  }
  switch (e0.type) {
    case "GroupCreated": {
      if (waiting(2)) return { kind: "more" };
      if (!is(e1, "MemberAdded")) {
        throw new Unrecognised("a GroupCreated must be followed by its owner's MemberAdded");
      }
      const body = input(
        GroupCreateInput,
        { name: e0.data.name, currency: e0.data.currency },
        "group",
      );
      return one(2, {
        type: "group.create",
        groupId: e0.data.groupId,
        name: body.name,
        currency: body.currency,
        ownerMemberId: e1.data.memberId,
        ownerName: input(DisplayName, e1.data.name, "owner's name"),
      });
    }
    case "GroupRenamed":
    case "GroupCurrencyChanged": {
      if (e0.type === "GroupRenamed" && waiting(2)) return { kind: "more" };
      const both = e0.type === "GroupRenamed" && is(e1, "GroupCurrencyChanged");
      const body = input(
        GroupUpdateInput,
        e0.type === "GroupRenamed"
          ? {
            name: e0.data.name,
            ...(both
              ? { currency: (e1 as GroupEventOf<"GroupCurrencyChanged">).data.currency }
              : {}),
          }
          : { currency: e0.data.currency },
        "group change",
      );
      return one(both ? 2 : 1, { type: "group.update", ...body });
    }
    case "MemberAdded": {
      if (waiting(2)) return { kind: "more" };
      if (is(e1, "InviteAccepted")) {
        return one(2, {
          type: "invite.accept",
          inviteId: e1.data.inviteId,
          newMemberId: e0.data.memberId,
          name: input(DisplayName, e0.data.name, "new member's name"),
          now: at,
        });
      }
      const body = input(MemberAddInput, { name: e0.data.name, role: e0.data.role }, "member");
      return one(1, {
        type: "member.add",
        memberId: e0.data.memberId,
        name: body.name,
        userId: e0.data.userId,
        role: body.role,
      });
    }
    case "MemberRenamed": {
      const target = e0.data.memberId;
      if (waiting(2)) return { kind: "more" };
      let count = 1;
      let role: string | undefined;
      if (is(e1, "MemberRoleChanged") && e1.data.memberId === target) {
        count = 2;
        role = e1.data.role;
      } else if (is(e1, "MemberRoleChanged") && e1.data.role === "admin") {
        // Maybe a hand-over with a rename: the actor steps down, then the target becomes owner.
        if (waiting(3)) return { kind: "more" };
        if (
          is(e2, "MemberRoleChanged") && e2.data.memberId === target && e2.data.role === "owner"
        ) {
          count = 3;
          role = "owner";
        }
      }
      const body = input(
        MemberUpdateInput,
        { name: e0.data.name, ...(role ? { role } : {}) },
        "member change",
      );
      return one(count, { type: "member.update", memberId: target, ...body });
    }
    case "MemberRoleChanged": {
      if (e0.data.role === "admin") {
        if (waiting(2)) return { kind: "more" };
        if (
          is(e1, "MemberRoleChanged") && e1.data.role === "owner" &&
          e1.data.memberId !== e0.data.memberId
        ) {
          return one(2, { type: "member.update", memberId: e1.data.memberId, role: "owner" });
        }
      }
      const body = input(MemberUpdateInput, { role: e0.data.role }, "member change");
      return one(1, { type: "member.update", memberId: e0.data.memberId, ...body });
    }
    case "MemberDeactivated":
      return one(1, { type: "member.remove", memberId: e0.data.memberId });
    case "MemberClaimed": {
      if (waiting(2)) return { kind: "more" };
      let accepted = e1;
      if (is(e1, "MemberRoleChanged") && e1.data.memberId === e0.data.memberId) {
        if (waiting(3)) return { kind: "more" };
        accepted = e2;
      }
      if (!is(accepted, "InviteAccepted")) {
        throw new Unrecognised(
          "a MemberClaimed must be followed by the InviteAccepted of its invite",
        );
      }
      return one(accepted === e1 ? 2 : 3, {
        type: "invite.accept",
        inviteId: accepted.data.inviteId,
        // A claim keeps the member's id and name: the decider uses neither.
        newMemberId: e0.data.memberId,
        name: "",
        now: at,
      });
    }
    case "InviteCreated": {
      const d = e0.data;
      const expires = parseInstant(d.expiresAt);
      const lifetime = expires === null ? NaN : expires - (parseInstant(at) ?? NaN);
      if (!(lifetime >= INVITE_MIN_MS - INVITE_CLOCK_SLACK_MS && lifetime <= INVITE_MAX_MS)) {
        throw new Unrecognised(
          `an invite must expire 1 to 720 hours after it was created, not at ${
            JSON.stringify(d.expiresAt)
          }`,
        );
      }
      return one(1, {
        type: "invite.create",
        inviteId: d.inviteId,
        codeHash: d.codeHash,
        memberId: d.memberId,
        role: d.role,
        expiresAt: d.expiresAt,
      });
    }
    case "InviteRevoked":
      return one(1, { type: "invite.revoke", inviteId: e0.data.inviteId });
    case "MemberUnlinked":
      return one(1, { type: "member.unlink", memberId: e0.data.memberId });
    case "InviteAccepted":
      throw new Unrecognised(
        "an InviteAccepted must follow the MemberAdded or MemberClaimed of its invitee",
      );
    case "ExpenseRecorded":
    case "ExpenseAmended": {
      const d = e0.data;
      if (e0.type === "ExpenseRecorded" && waiting(2)) return { kind: "more" };
      if (e0.type === "ExpenseRecorded" && is(e1, "RecurrenceOccurred")) {
        // An occurrence: the scheduler's `recurrence.occur`.
        return occurrenceCommand(e1, fxCandidates(d), at);
      }
      const body = expenseInput(d);
      return {
        kind: "command",
        count: 1,
        candidates: fxCandidates(d).map((fx): GroupCommand =>
          e0.type === "ExpenseRecorded"
            ? { type: "expense.record", expenseId: d.expenseId, input: body, fx }
            : { type: "expense.amend", expenseId: d.expenseId, input: body, fx }
        ),
      };
    }
    case "ExpenseVoided":
      return one(1, { type: "expense.void", expenseId: e0.data.expenseId });
    case "SettlementRecorded":
    case "SettlementAmended": {
      const d = e0.data;
      const body = settlementInput(d);
      return {
        kind: "command",
        count: 1,
        candidates: fxCandidates(d).map((fx): GroupCommand =>
          e0.type === "SettlementRecorded"
            ? { type: "settlement.record", settlementId: d.settlementId, input: body, fx }
            : { type: "settlement.amend", settlementId: d.settlementId, input: body, fx }
        ),
      };
    }
    case "SettlementVoided":
      return one(1, { type: "settlement.void", settlementId: e0.data.settlementId });
    case "CommentAdded":
      return one(1, commentCommand(e0.data));
    case "AttachmentAdded": {
      const { memberId: _, ...attachment } = e0.data;
      return one(1, { type: "attachment.add", attachment });
    }
    case "AttachmentRemoved":
      return one(1, { type: "attachment.remove", ...e0.data });
    case "GroupDebtSimplificationChanged":
      return one(1, { type: "group.update", simplifyDebts: e0.data.simplify });
    case "MemberPaymentHandlesSet":
      return one(1, handlesCommand(e0.data));
    case "CategoryAdded":
    case "CategoryChanged":
    case "CategoryRemoved":
      return one(1, categoryCommand(e0));
    case "GroupTimeZoneChanged":
      return one(1, {
        type: "group.update",
        ...input(GroupUpdateInput, { timeZone: e0.data.timeZone }, "group change"),
      });
    default: {
      const unknown: never = e0;
      throw new Unrecognised(`unknown event ${(unknown as GroupEvent).type}`);
    }
  }
}
