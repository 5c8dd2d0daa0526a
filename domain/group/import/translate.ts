/**
 * The identity translation of an import: what a source command becomes
 * when the importer replays it in a new group. Every id the history defines
 * gets a new one (`idFor`); the importer is the member X who owns the group
 * at the end of the source, and is its owner from the start; every other
 * member is a placeholder (no user); invites, claims and revocations are
 * account matters of the source instance and are dropped, keeping what
 * they did to the ledger (a member joined, a role changed).
 *
 * The rules, each keeping one invariant — after every command, each member
 * of the source has the same name, activity and totals in the target, and
 * the same role, except that X is the owner throughout and any other member
 * who is the owner in the source is an admin in the target:
 *
 * - `group.create` creates the group with X as its owner (X's name when it
 *   joined); the source's first owner, when not X, is added as an admin.
 * - `member.add` and an invite's new member are a placeholder `member.add`
 *   with the same role, skipped for X (X exists from the start).
 * - A hand-over to Y ≠ X makes Y an admin; one to X changes nothing. A role
 *   change of X is dropped (X keeps owning), its rename kept.
 * - A claim's role change is a `member.update`; the claim itself is dropped.
 * - Custom categories are carried over with new ids, and an expense's custom
 *   category becomes the new id of the same category.
 * - Comments are dropped: each names its author, who is a placeholder in the
 *   target and cannot write one (the importer could only write it as X).
 * - Attachments are dropped (ADR 0055): a dump holds their metadata, not their
 *   bytes, whose keys name the source's store; an attachment without its file
 *   would be a broken link. The archive export (`export.tar`) keeps the files.
 * - Everything else is the same command with new ids and the same resolved
 *   conversion, so that every amount is decided the same way again.
 *
 * @module
 */
import { isBuiltInCategory } from "../../shared/schemas.ts";
import type { ExpenseInput, GroupCommand, SettlementInput, SplitInput } from "../commands.ts";
import type { CheckedCommand, SourceGroup } from "./source_check.ts";
import { translateExtra } from "./translate_extras.ts";

/** What a new id stands for. */
export type ImportIdKind =
  | "group"
  | "member"
  | "expense"
  | "settlement"
  | "category"
  | "command"
  | "event";

/**
 * The new id of a source entity (or of a command or event of the import),
 * as a lower-case UUID. It must be deterministic (the same answer for the
 * same arguments within one import, so that a resumed import makes the same
 * ids), distinct for distinct arguments, and unguessable from the source
 * (e.g. a UUID from an HMAC of the import's secret, the kind and the id).
 */
export type IdFor = (kind: ImportIdKind, sourceId: string) => string;

/** The commands the importer sends in place of one source command (none, one or two). */
export function translateCommand(
  checked: CheckedCommand,
  group: SourceGroup,
  idFor: IdFor,
): GroupCommand[] {
  const member = (id: string) => idFor("member", id);
  const owner = group.ownerMemberId;
  const c = checked.command;
  switch (c.type) {
    case "group.create": {
      const out: GroupCommand[] = [{
        type: "group.create",
        groupId: idFor("group", c.groupId),
        name: c.name,
        currency: c.currency,
        ownerMemberId: member(owner),
        ownerName: group.ownerName,
      }];
      if (c.ownerMemberId !== owner) {
        out.push({
          type: "member.add",
          memberId: member(c.ownerMemberId),
          name: c.ownerName,
          userId: null,
          role: "admin",
        });
      }
      return out;
    }
    case "group.update":
      return [{ ...c }];
    case "member.add":
      return c.memberId === owner ? [] : [{
        type: "member.add",
        memberId: member(c.memberId),
        name: c.name,
        userId: null,
        role: c.role,
      }];
    case "member.update": {
      if (c.memberId === owner) {
        return c.name === undefined
          ? []
          : [{ type: "member.update", memberId: member(owner), name: c.name }];
      }
      return [{
        type: "member.update",
        memberId: member(c.memberId),
        ...(c.name === undefined ? {} : { name: c.name }),
        ...(c.role === undefined ? {} : { role: c.role === "owner" ? "admin" : c.role }),
      }];
    }
    case "member.remove":
      return [{ type: "member.remove", memberId: member(c.memberId) }];
    case "invite.create":
    case "invite.revoke":
    case "member.unlink":
      // Imported members are placeholders already.
      return [];
    case "invite.accept": {
      for (const { event } of checked.events) {
        if (event.type === "MemberAdded") {
          const d = event.data;
          return d.memberId === owner ? [] : [{
            type: "member.add",
            memberId: member(d.memberId),
            name: d.name,
            userId: null,
            role: d.role,
          }];
        }
        if (event.type === "MemberRoleChanged") {
          const d = event.data;
          return d.memberId === owner
            ? []
            : [{ type: "member.update", memberId: member(d.memberId), role: d.role }];
        }
      }
      return [];
    }
    case "expense.record":
      return [{
        type: "expense.record",
        expenseId: idFor("expense", c.expenseId),
        input: expenseInput(c.input, member, idFor),
        fx: c.fx,
      }];
    case "expense.amend":
      return [{
        type: "expense.amend",
        expenseId: idFor("expense", c.expenseId),
        input: expenseInput(c.input, member, idFor),
        fx: c.fx,
      }];
    case "expense.void":
      return [{ type: "expense.void", expenseId: idFor("expense", c.expenseId) }];
    case "settlement.record":
      return [{
        type: "settlement.record",
        settlementId: idFor("settlement", c.settlementId),
        input: settlementInput(c.input, member),
        fx: c.fx,
      }];
    case "settlement.amend":
      return [{
        type: "settlement.amend",
        settlementId: idFor("settlement", c.settlementId),
        input: settlementInput(c.input, member),
        fx: c.fx,
      }];
    case "settlement.void":
      return [{ type: "settlement.void", settlementId: idFor("settlement", c.settlementId) }];
    case "comment.add":
    case "attachment.add":
    case "attachment.remove":
      // Comments and attachments are not carried over (see above).
      return [];
    case "member.payment_handles.set":
    case "category.add":
    case "category.update":
    case "category.remove":
    case "recurrence.create":
    case "recurrence.update":
    case "recurrence.skip":
    case "recurrence.stop":
    case "recurrence.occur":
      return translateExtra(c, checked, idFor, (input) => expenseInput(input, member, idFor));
    default: {
      const unknown: never = c;
      throw new Error(`unknown group command ${(unknown as GroupCommand).type}`);
    }
  }
}

function expenseInput(
  input: ExpenseInput,
  member: (id: string) => string,
  idFor: IdFor,
): ExpenseInput {
  return {
    description: input.description,
    total: { ...input.total },
    date: input.date,
    category: isBuiltInCategory(input.category)
      ? input.category
      : idFor("category", input.category),
    paidBy: input.paidBy.map((p) => ({ memberId: member(p.memberId), amount: p.amount })),
    ...(input.split ? { split: splitOf(input.split, member) } : {}),
    ...(input.items
      ? {
        items: input.items.map((item) => ({ ...item, split: splitOf(item.split, member) })),
        ...(input.charges ? { charges: structuredClone(input.charges) } : {}),
      }
      : {}),
    note: input.note ?? null,
  };
}

/** A split with its members renamed (every mode keeps its other fields). */
function splitOf(split: SplitInput, member: (id: string) => string): SplitInput {
  return {
    mode: split.mode,
    shares: split.shares.map((s) => ({ ...s, memberId: member(s.memberId) })),
  } as SplitInput;
}

function settlementInput(input: SettlementInput, member: (id: string) => string): SettlementInput {
  return {
    from: member(input.from),
    to: member(input.to),
    amount: { ...input.amount },
    date: input.date,
    note: input.note ?? null,
  };
}
