/**
 * Guest links (ADR 0059): an owner or admin of a group lets someone without
 * an account act as one placeholder member of that one group, with the
 * rights of a member or a viewer, until the link expires, is revoked, or is
 * claimed by an account (which then owns the member and its history).
 *
 * A link is a stream of its own (`guest-link-<id>`), like a sign-in session
 * (ADR 0009), never an event of the group: it is a credential, not a fact of
 * the ledger, so imports and exports of the group never carry it. The
 * group's index stream (`guest-links-<groupId>`) lists its links. Pure: the
 * edges read the streams and pass the clock.
 *
 * @module
 */
import { z } from "zod";
import { Id } from "../shared/schemas.ts";

/** The schema version of every guest link event. */
export const GUEST_LINK_EVENT_SCHEMA_VERSION = 1;

/** The longest a guest link may live (days). */
export const GUEST_LINK_MAX_DAYS = 90;

/** The most links a group's index may hold (created over its life). */
export const GUEST_LINKS_PER_GROUP = 200;

/** The roles a guest link can grant: never one that manages the group. */
export const GUEST_ROLES = ["member", "viewer"] as const;
/** A role a guest link grants. */
export type GuestRole = (typeof GUEST_ROLES)[number];

/** The stream of one guest link. */
export function guestLinkStream(linkId: string): string {
  return `guest-link-${linkId}`;
}

/** The stream that indexes a group's guest links. */
export function guestLinkIndexStream(groupId: string): string {
  return `guest-links-${groupId}`;
}

/** Body of `POST /v1/groups/{g}/guest-links`. */
export const GuestLinkCreateInput = z.strictObject({
  /** The placeholder member the guest acts as. */
  memberId: Id,
  role: z.enum(GUEST_ROLES, { error: "must be member or viewer" }),
  /** How long the link works (default 30 days, at most 90). */
  expiresInDays: z.number().int().min(1, { error: "must be at least 1" }).max(
    GUEST_LINK_MAX_DAYS,
    { error: `must be at most ${GUEST_LINK_MAX_DAYS}` },
  ).optional(),
});

/** Body of `POST /v1/guest-sessions` and `POST /v1/guest-links/claim`. */
export const GuestTokenInput = z.strictObject({
  token: z.string().min(1, { error: "is required" }).max(2048, { error: "is too long" }),
});

const GuestLinkEventSchemas = {
  GuestLinkCreated: z.strictObject({
    linkId: Id,
    groupId: Id,
    memberId: Id,
    role: z.enum(GUEST_ROLES),
    expiresAt: z.iso.datetime({ offset: true }),
    /** The user who created it (an owner or admin then). */
    createdBy: z.string().min(1).max(64),
  }),
  GuestLinkRevoked: z.strictObject({ by: z.string().min(1).max(64) }),
  /** An account claimed the member: the link's work is done. */
  GuestLinkClaimed: z.strictObject({ userId: z.string().min(1).max(64) }),
  /** Indexed in the group's stream of links. */
  GuestLinkIndexed: z.strictObject({ linkId: Id }),
};
type Schemas = typeof GuestLinkEventSchemas;

/** An event of a guest link (or of a group's index of links). */
export type GuestLinkEvent = {
  [K in keyof Schemas]: { type: K; data: z.infer<Schemas[K]> };
}[keyof Schemas];

/** Parses a stored guest link event. */
export function parseGuestLinkEvent(
  type: string,
  schemaVersion: number,
  data: unknown,
): GuestLinkEvent {
  if (!Object.hasOwn(GuestLinkEventSchemas, type)) {
    throw new Error(`unknown guest link event type ${type}`);
  }
  if (schemaVersion !== GUEST_LINK_EVENT_SCHEMA_VERSION) {
    throw new Error(`no upcaster for ${type} schema version ${schemaVersion}`);
  }
  const key = type as keyof Schemas;
  return { type: key, data: GuestLinkEventSchemas[key].parse(data) } as GuestLinkEvent;
}

/** A guest link folded from its stream. */
export interface GuestLinkState {
  readonly exists: boolean;
  readonly linkId: string;
  readonly groupId: string;
  readonly memberId: string;
  readonly role: GuestRole;
  readonly expiresAt: string;
  readonly createdBy: string;
  readonly revoked: boolean;
  /** The account that claimed the member, or null. */
  readonly claimedBy: string | null;
}

/** A link that was never created. */
export const NO_GUEST_LINK: GuestLinkState = Object.freeze({
  exists: false,
  linkId: "",
  groupId: "",
  memberId: "",
  role: "viewer",
  expiresAt: "1970-01-01T00:00:00Z",
  createdBy: "",
  revoked: false,
  claimedBy: null,
});

/** Folds a link's events. */
export function foldGuestLink(events: readonly GuestLinkEvent[]): GuestLinkState {
  let state = NO_GUEST_LINK;
  for (const e of events) {
    switch (e.type) {
      case "GuestLinkCreated":
        state = { ...e.data, exists: true, revoked: false, claimedBy: null };
        break;
      case "GuestLinkRevoked":
        state = { ...state, revoked: true };
        break;
      case "GuestLinkClaimed":
        state = { ...state, claimedBy: e.data.userId };
        break;
      case "GuestLinkIndexed":
        break;
      default: {
        const unknown: never = e;
        throw new Error(`unknown guest link event ${(unknown as { type: string }).type}`);
      }
    }
  }
  return state;
}

/** Where a link stands: only an `active` one opens a guest session. */
export type GuestLinkStanding = "active" | "missing" | "expired" | "revoked" | "claimed";

/** Where a link stands at `now` (RFC 3339). */
export function guestLinkStanding(link: GuestLinkState, now: string): GuestLinkStanding {
  if (!link.exists) return "missing";
  if (link.claimedBy !== null) return "claimed";
  if (link.revoked) return "revoked";
  if (Date.parse(now) >= Date.parse(link.expiresAt)) return "expired";
  return "active";
}

/** What a guest session's token grants: acting as `memberId` of `groupId` with `role`. */
export interface GuestGrant {
  readonly linkId: string;
  readonly groupId: string;
  readonly memberId: string;
  readonly role: GuestRole;
}

/**
 * The group commands a guest may send: the ledger (expenses, settlements,
 * comments), never members, invites, the group's settings or categories.
 * The role still decides (a viewer guest writes nothing).
 */
export const GUEST_COMMANDS: ReadonlySet<string> = new Set([
  "expense.record",
  "expense.amend",
  "expense.void",
  "settlement.record",
  "settlement.amend",
  "settlement.void",
  "comment.add",
]);
