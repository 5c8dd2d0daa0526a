/**
 * Fuzz routes: guest links (ADR 0059): share, revoke, open, claim. A guest
 * (a member-role link of the placeholder Chen) calls every route too, as the
 * auth mutation "GUEST" (`_kit/mutations.ts`).
 *
 * @module
 */
import fc from "fast-check";
import type { Fixture } from "./_kit/fixture.ts";
import { g0, type Route } from "./_kit/route.ts";

/** Valid bodies of `POST /v1/groups/{g}/guest-links`: a placeholder, a guest role, a term. */
function guestLinkArb(f: Fixture): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    memberId: fc.constantFrom(f.C, f.D),
    role: fc.constantFrom("member", "viewer"),
    expiresInDays: fc.constantFrom(undefined, 1, 30, 90),
  }).map((x) => {
    const body: Record<string, unknown> = { memberId: x.memberId, role: x.role };
    if (x.expiresInDays !== undefined) body.expiresInDays = x.expiresInDays;
    return body;
  });
}

/** The guest routes. */
export const GUESTS_ROUTES: readonly Route[] = [
  {
    name: "guest-link.create",
    op: "POST /v1/groups/{g}/guest-links",
    method: "POST",
    path: "/v1/groups/{0}/guest-links",
    ids: g0,
    auth: "user",
    weight: 2,
    body: guestLinkArb,
  },
  {
    name: "guest-link.revoke",
    op: "DELETE /v1/groups/{g}/guest-links/{l}",
    method: "DELETE",
    path: "/v1/groups/{0}/guest-links/{1}",
    // A link of its own, made by the fixture for revocation (later draws revoke it again: 200).
    ids: (f) => [f.g, f.guestLinkToRevoke],
    auth: "user",
    bodyless: true,
    weight: 2,
  },
  {
    name: "guest-session.open",
    op: "POST /v1/guest-sessions",
    method: "POST",
    path: "/v1/guest-sessions",
    ids: () => [],
    auth: "none",
    weight: 2,
    body: (f) => fc.constant({ token: f.guestLinkToken }),
  },
  {
    name: "guest-link.claim",
    op: "POST /v1/guest-links/claim",
    method: "POST",
    path: "/v1/guest-links/claim",
    ids: () => [],
    // Ana is in the group: 409 `guest_link.already_member`, and the link stays.
    auth: "user",
    weight: 2,
    body: (f) => fc.constant({ token: f.guestLinkToken }),
  },
];
