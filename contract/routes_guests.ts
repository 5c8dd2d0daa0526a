/**
 * The route table's guest routes (ADR 0059): guest links of a group, opening
 * one as a guest, and claiming its member with an account.
 *
 * @module
 */
import { GuestLinkCreateInput, GuestTokenInput } from "./schemas.ts";
import { type Route, write } from "./route.ts";

/** Guest links and guest sessions. */
export const GUEST_ROUTES: readonly Route[] = [
  write("post", "/v1/groups/{g}/guest-links", {
    summary: "Share a guest link for a placeholder member (owners and admins): " +
      "a member or viewer role, at most 90 days; its token is shown in this answer only",
    body: GuestLinkCreateInput,
    ok: 201,
    response: "GuestLinkCreated",
    problems: ["forbidden", "guest_link.not_placeholder", "guest_link.limit"],
  }),
  write("delete", "/v1/groups/{g}/guest-links/{l}", {
    summary: "Revoke a guest link (owners and admins): its guest sessions stop within seconds",
    response: "GuestLinkRevoked",
    problems: ["forbidden"],
  }),
  write("post", "/v1/guest-sessions", {
    summary: "Open a guest link: a 15-minute access token acting as its member in its group " +
      "only (open it again for another)",
    auth: "none",
    body: GuestTokenInput,
    response: "GuestSession",
    problems: ["guest_link_revoked"],
  }),
  write("post", "/v1/guest-links/claim", {
    summary: "Claim a guest link's member with the caller's account: the member keeps its id " +
      "and history, the link stops working",
    body: GuestTokenInput,
    response: "GuestLinkClaimed",
    problems: [
      "forbidden",
      "guest_link.already_member",
      "invite.member_taken",
      "member.user_exists",
      "invite.dead",
    ],
  }),
];
