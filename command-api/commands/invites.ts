/**
 * Invites: create (a code derived from the invite's id, only its digest
 * stored), revoke, and accept (online only: it needs the code).
 *
 * @module
 */
import {
  codeStream,
  InviteCreateInput,
  memberOfUser,
  USER_EVENT_SCHEMA_VERSION,
} from "@kopek/domain";
import { codeDigest, normaliseCode, problem, ProblemError } from "@kopek/platform";
import { EmptyBody, lastOf, memberView, parse, type Prepare, requireId } from "./command.ts";

/** How long an invite stays valid when the admin does not say. */
export const DEFAULT_INVITE_HOURS = 7 * 24;

/** `invite.create`: a new invite; its code is revealed in every answer, never kept. */
export const prepareInviteCreate: Prepare = async ({ deps, inviteCode }, request) => {
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
        created: true,
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
        etag: null,
      };
    },
    reveal: async (answer) => ({
      ...answer,
      body: { ...answer.body, code: await inviteCode(String(answer.body.id)) },
    }),
  };
};

/**
 * `invite.revoke`. No If-Match: an invite has no versions. Revoking is
 * idempotent and only races with accepting, which the decider settles (409
 * invite.used once it was used).
 */
export const prepareInviteRevoke: Prepare = (_family, request) => {
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
        created: false,
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
        etag: null,
      };
    },
  };
};

/** `invite.accept`: the code (the target) names the invite and its group. */
export const prepareInviteAccept: Prepare = async ({ deps, accounts }, request, actor) => {
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
        created: false,
        body: {
          ...memberView(done.state, memberId),
          groupId: found.ownerId,
          groupName: done.state.name,
          version: m.revision,
          position: done.position,
        },
        etag: m.revision,
      };
    },
  };
};
