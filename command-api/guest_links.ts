/**
 * Guest links (ADR 0059): an owner or admin makes one for a placeholder
 * member, or revokes it; whoever holds its token opens a guest session (an
 * access token acting as that member of that one group); a signed-in user
 * who holds it claims the member (through an invite, the existing claim),
 * which ends the link. Links are streams of their own (`domain/guest`).
 *
 * @module
 */
import {
  conflict,
  forbidden,
  type GroupState,
  GUEST_LINK_EVENT_SCHEMA_VERSION,
  GUEST_LINKS_PER_GROUP,
  GuestLinkCreateInput,
  guestLinkIndexStream,
  guestLinkStanding,
  type GuestLinkState,
  guestLinkStream,
  mayInvite,
  memberOfUser,
  type MemberState,
  notFound,
} from "@kopek/domain";
import {
  type GuestLinkTokens,
  guestSubject,
  loadGuestLink,
  problem,
  ProblemError,
} from "@kopek/platform";
import type { CommandApiDeps } from "./deps.ts";
import type { GroupRepository } from "./group_repository.ts";
import type { CommandRunner } from "./commands.ts";
import { parse, requireId } from "./commands/command.ts";

/** How long a guest link works when its creator does not say (days). */
export const DEFAULT_GUEST_LINK_DAYS = 30;

/** A link as its creator sees it (the token only in the answer that created it). */
export interface GuestLinkView {
  readonly id: string;
  readonly groupId: string;
  readonly memberId: string;
  readonly role: "member" | "viewer";
  readonly expiresAt: string;
}

/** What opening a link answers. */
export interface GuestSession {
  readonly token: string;
  readonly expiresAt: string;
  readonly guest: GuestLinkView & { readonly memberName: string; readonly groupName: string };
}

/** The guest link operations of the command side. */
export interface GuestLinks {
  create(
    userId: string,
    groupId: string,
    body: unknown,
  ): Promise<GuestLinkView & { token: string }>;
  revoke(userId: string, groupId: string, linkId: string): Promise<void>;
  open(token: string): Promise<GuestSession>;
  claim(
    userId: string,
    token: string,
    requestId: string | null,
  ): Promise<GuestLinkView & { position: number }>;
  /** The link a token names, for the rate limit per link (null: an invalid token). */
  linkOf(token: string): Promise<string | null>;
}

function linkGone(): ProblemError {
  return new ProblemError(
    problem(401, "this guest link is not valid, has expired or was revoked", {
      code: "guest_link_revoked",
    }),
  );
}

function view(link: GuestLinkState): GuestLinkView {
  return {
    id: link.linkId,
    groupId: link.groupId,
    memberId: link.memberId,
    role: link.role,
    expiresAt: link.expiresAt,
  };
}

/** A new event of a link's stream (or of a group's index of links). */
function linkEvent(deps: CommandApiDeps, type: string, data: unknown, actor: string) {
  return {
    id: deps.newId(),
    type,
    schemaVersion: GUEST_LINK_EVENT_SCHEMA_VERSION,
    data,
    metadata: { actor, commandId: deps.newId(), at: deps.now().toISOString() },
  };
}

/** The active placeholder member a link may be made for; 404 or 409 otherwise. */
function placeholderOf(state: GroupState, memberId: string): MemberState {
  const member = state.members.get(memberId);
  if (!member || !member.active) throw notFound("member");
  if (member.userId !== null) {
    throw conflict(
      "guest_link.not_placeholder",
      "a guest link is for a placeholder member (one without an account)",
    );
  }
  return member;
}

/** Creates the guest link operations. */
export function createGuestLinks(
  deps: CommandApiDeps,
  groups: GroupRepository,
  runner: CommandRunner,
  tokens: GuestLinkTokens,
): GuestLinks {
  const event = (type: string, data: unknown, actor: string) => linkEvent(deps, type, data, actor);

  /** The group's state with the user's member: only owners and admins manage links. */
  async function requireManager(userId: string, groupId: string) {
    const state = await groups.current(groupId);
    const actor = state.exists ? memberOfUser(state, userId) : undefined;
    if (!actor) throw notFound("group");
    if (!mayInvite(actor.role, "member")) {
      throw forbidden("only an owner or admin can share a guest link");
    }
    return state;
  }

  /** The active link a token names, and its group's state; 401 otherwise. */
  async function activeLink(token: string) {
    const linkId = await tokens.verify(token);
    if (linkId === null) throw linkGone();
    const link = await loadGuestLink(deps.store, linkId);
    if (guestLinkStanding(link, deps.now().toISOString()) !== "active") throw linkGone();
    const state = await groups.current(link.groupId);
    const member = state.members.get(link.memberId);
    if (!member || !member.active || member.userId !== null) throw linkGone();
    return { link, state, member };
  }

  return {
    linkOf: (token) => tokens.verify(token),

    async create(userId, rawGroupId, body) {
      const groupId = requireId(rawGroupId, "group");
      const input = parse(GuestLinkCreateInput, body);
      const state = await requireManager(userId, groupId);
      const member = placeholderOf(state, input.memberId);
      const index = guestLinkIndexStream(groupId);
      if (await deps.store.streamVersion(index) >= GUEST_LINKS_PER_GROUP) {
        throw conflict(
          "guest_link.limit",
          `a group can have at most ${GUEST_LINKS_PER_GROUP} guest links`,
        );
      }
      const linkId = deps.newId();
      const days = input.expiresInDays ?? DEFAULT_GUEST_LINK_DAYS;
      const expires = new Date(deps.now().getTime() + days * 86_400_000);
      const created = {
        linkId,
        groupId,
        memberId: member.id,
        role: input.role,
        expiresAt: expires.toISOString(),
        createdBy: userId,
      };
      await deps.store.append([
        {
          stream: guestLinkStream(linkId),
          expectedVersion: 0,
          events: [event("GuestLinkCreated", created, userId)],
        },
        {
          stream: index,
          expectedVersion: "any",
          events: [event("GuestLinkIndexed", { linkId }, userId)],
        },
      ]);
      const link = { ...created, exists: true, revoked: false, claimedBy: null };
      return { ...view(link), token: await tokens.sign(linkId, expires) };
    },

    async revoke(userId, rawGroupId, rawLinkId) {
      const groupId = requireId(rawGroupId, "group");
      const linkId = requireId(rawLinkId, "guest link");
      await requireManager(userId, groupId);
      const link = await loadGuestLink(deps.store, linkId);
      if (!link.exists || link.groupId !== groupId) throw notFound("guest link");
      if (link.revoked) return;
      await deps.store.append([{
        stream: guestLinkStream(linkId),
        expectedVersion: "any",
        events: [event("GuestLinkRevoked", { by: userId }, userId)],
      }]);
    },

    async open(token) {
      const { link, state, member } = await activeLink(token);
      const grant = {
        linkId: link.linkId,
        groupId: link.groupId,
        memberId: link.memberId,
        role: link.role,
      };
      const access = await deps.tokens.issue(guestSubject(grant));
      return {
        token: access.token,
        expiresAt: access.expiresAt.toISOString(),
        guest: { ...view(link), memberName: member.name, groupName: state.name },
      };
    },

    async claim(userId, token, requestId) {
      const { link, state } = await activeLink(token);
      if (memberOfUser(state, userId)) {
        throw conflict("guest_link.already_member", "you are already a member of this group");
      }
      // The existing claim (ADR 0059): an invite for the placeholder, made in the name of the
      // link's creator (refused when they may no longer invite), accepted at once by the user.
      const invite = await runner.run(
        {
          type: "invite.create",
          groupId: link.groupId,
          targetId: null,
          body: { memberId: link.memberId, role: link.role, expiresInHours: 1 },
        },
        { userId: link.createdBy, via: "guest-link" },
        requestId,
      );
      const code = String(invite.body.code);
      const accepted = await runner.run(
        {
          type: "invite.accept",
          groupId: null,
          targetId: code,
          body: {},
        },
        { userId, via: "guest-link" },
        requestId,
      );
      await deps.store.append([{
        stream: guestLinkStream(link.linkId),
        expectedVersion: "any",
        events: [event("GuestLinkClaimed", { userId }, userId)],
      }]);
      return { ...view(link), position: Number(accepted.body.position ?? 0) };
    },
  };
}
