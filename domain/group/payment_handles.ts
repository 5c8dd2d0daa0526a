/**
 * Setting a member's payment handles (ADR 0052): the member's own user may,
 * and an owner or admin for a placeholder (a member bound to no user). The
 * list replaces the previous one; the same list again changes nothing.
 *
 * @module
 */
import { conflict, DomainError, forbidden, notFound } from "../errors.ts";
import { storedHandle } from "../payments/handles.ts";
import type { GroupCommand } from "./commands.ts";
import type { GroupEvent } from "./events.ts";
import { can } from "./roles.ts";
import type { GroupState, MemberState } from "./state.ts";

/** Decides `member.payment_handles.set` for `actor`. */
export function decidePaymentHandlesSet(
  command: Extract<GroupCommand, { type: "member.payment_handles.set" }>,
  state: GroupState,
  actor: MemberState,
): GroupEvent[] {
  const target = state.members.get(command.memberId);
  if (!target) throw notFound("member");
  const own = target.id === actor.id;
  if (!own && !(target.userId === null && can(actor.role, "member.manage"))) {
    throw forbidden(
      "only the member, or an owner or admin for a placeholder, can set payment handles",
    );
  }
  if (command.ifMatch !== undefined && command.ifMatch !== target.paymentHandlesRevision) {
    throw new DomainError(
      "precondition_failed",
      "version.stale",
      `version ${command.ifMatch} is stale: the current version is ${target.paymentHandlesRevision}`,
    );
  }
  if (!target.active) throw conflict("member.inactive", "the member has been removed");
  const handles = command.handles.map(storedHandle);
  if (JSON.stringify(handles) === JSON.stringify(target.paymentHandles.map(storedHandle))) {
    return [];
  }
  return [{
    type: "MemberPaymentHandlesSet",
    data: { memberId: target.id, revision: target.paymentHandlesRevision + 1, handles },
  }];
}
