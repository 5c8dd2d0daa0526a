/**
 * The answers of the guest links' routes (ADR 0059).
 *
 * @module
 */

/** A guest link as its creator sees it (ADR 0059). */
export interface GuestLink {
  id: string;
  groupId: string;
  memberId: string;
  role: "member" | "viewer";
  expiresAt: string;
}

/** `POST /v1/groups/{g}/guest-links`: the link with its token (shown once, in this answer). */
export interface GuestLinkCreated extends GuestLink {
  token: string;
}

/** `POST /v1/guest-sessions`: a guest's access token (15 minutes; open the link again). */
export interface GuestSession {
  token: string;
  expiresAt: string;
  guest: GuestLink & { memberName: string; groupName: string };
}

/** `POST /v1/guest-links/claim`: the member the caller now is, and the claim's position. */
export interface GuestLinkClaimed extends GuestLink {
  position: number;
}

/** `DELETE /v1/groups/{g}/guest-links/{l}`. */
export interface GuestLinkRevoked {
  revoked: true;
}
