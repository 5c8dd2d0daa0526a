/**
 * A guest in the PWA (ADR 0059): someone who opened a guest link and acts as
 * a placeholder member of one group, with a member's or a viewer's rights,
 * without an account. The session kept in IndexedDB then carries `guest`:
 * the link's token (to open it again when the 15-minute access token
 * expires, instead of a refresh token) and what the link grants.
 *
 * @module
 */
import type { Session } from "./types.ts";

/** What a guest session stands for. */
export interface GuestInfo {
  /** The link's token: opening it again gives a new access token. */
  readonly linkToken: string;
  readonly linkId: string;
  readonly groupId: string;
  readonly groupName: string;
  readonly memberId: string;
  readonly memberName: string;
  readonly role: "member" | "viewer";
  /** When the link stops working (RFC 3339). */
  readonly linkExpiresAt: string;
}

/** A stored session, maybe a guest's. */
export type MaybeGuestSession = Session & { guest?: GuestInfo };

/** The guest a session stands for, or null for an account's session. */
export function guestOf(session: Session | null | undefined): GuestInfo | null {
  return (session as MaybeGuestSession | null | undefined)?.guest ?? null;
}

/** The role a guest session has in a group (null: not a guest, or another group). */
export function guestRoleIn(session: Session | null | undefined, groupId: string): "member" | "viewer" | null {
  const guest = guestOf(session);
  return guest && guest.groupId === groupId ? guest.role : null;
}

/** Pages a guest may open: its group's, the outbox, and the guest pages. */
export function guestMayOpen(guest: GuestInfo, pathname: string): boolean {
  return pathname === `/groups/${guest.groupId}` || pathname.startsWith(`/groups/${guest.groupId}/`) ||
    pathname === "/outbox" || pathname === "/guest" || pathname.startsWith("/guest/");
}
