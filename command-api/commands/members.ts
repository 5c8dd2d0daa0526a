/**
 * Members: add (by name, or an account's email address), update (name,
 * role), remove.
 *
 * @module
 */
import {
  type GroupCommand,
  MemberAddInput,
  MemberUpdateInput,
  PaymentHandlesInput,
} from "@kopek/domain";
import {
  EmptyBody,
  lastOf,
  memberView,
  parse,
  type Prepare,
  type Prepared,
  requireId,
} from "./command.ts";

/** `member.add`: the id is the client's (body or sync target) or a new one. */
export const prepareMemberAdd: Prepare = async ({ deps, accounts }, request) => {
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
        created: true,
        body: {
          id: added.data.memberId,
          name: added.data.name,
          userId: added.data.userId,
          role: added.data.role,
          active: true,
          version: 1,
          position: done.position,
        },
        etag: 1,
      };
    },
  };
};

function memberChange(
  groupId: string,
  memberId: string,
  build: () => GroupCommand,
): Prepared {
  return {
    groupId,
    entityId: null,
    build,
    respond: (done) => {
      const m = done.state.members.get(memberId)!;
      return {
        created: false,
        body: { ...memberView(done.state, memberId), version: m.revision, position: done.position },
        etag: m.revision,
      };
    },
  };
}

/** `member.update`. */
export const prepareMemberUpdate: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const memberId = requireId(request.targetId, "member");
  const body = parse(MemberUpdateInput, request.body);
  const ifMatch = request.ifMatch;
  return memberChange(groupId, memberId, () => ({
    type: "member.update",
    memberId,
    ...body,
    ifMatch,
  }));
};

/** `member.remove`: the member stays, inactive. */
export const prepareMemberRemove: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const memberId = requireId(request.targetId, "member");
  parse(EmptyBody, request.body);
  const ifMatch = request.ifMatch;
  return memberChange(groupId, memberId, () => ({ type: "member.remove", memberId, ifMatch }));
};

/** `member.payment_handles.set`: the whole list, replacing it (ADR 0052). */
export const prepareMemberPaymentHandlesSet: Prepare = (_family, request) => {
  const groupId = requireId(request.groupId, "group");
  const memberId = requireId(request.targetId, "member");
  const body = parse(PaymentHandlesInput, request.body);
  const ifMatch = request.ifMatch;
  return {
    groupId,
    entityId: null,
    build: () => ({
      type: "member.payment_handles.set",
      memberId,
      handles: body.handles,
      ifMatch,
    }),
    respond: (done) => {
      const m = done.state.members.get(memberId)!;
      return {
        created: false,
        body: {
          memberId,
          handles: m.paymentHandles,
          version: m.paymentHandlesRevision,
          position: done.position,
        },
        etag: m.paymentHandlesRevision,
      };
    },
  };
};
