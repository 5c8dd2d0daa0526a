/**
 * Guests in the access-control matrix (ADR 0059): three guest principals
 * (a member-role and a viewer-role guest of the fixture group, and a guest
 * of another group), what each must get on every route, and the rules of
 * the guest link routes themselves. A guest gets what the user of its role
 * gets on its own group's reads and ledger writes, 403 `guest_forbidden` on
 * everything else that needs an account; the routes that need no token, or
 * the bot's key, answer it what they answer anyone.
 *
 * @module
 */
import type { Fixture, Principal, Rule } from "./access_rules.ts";

/** The guest principals. */
export const GUEST_PRINCIPALS = ["guestMember", "guestViewer", "guestElsewhere"] as const;
type GuestPrincipal = (typeof GUEST_PRINCIPALS)[number];

/** The user principal each guest's requests are built as (and whose rights a guest has). */
const AS = { guestMember: "member", guestViewer: "viewer", guestElsewhere: "outsider" } as const;

/** Whether a principal is a guest. */
export function isGuestPrincipal(p: Principal): p is GuestPrincipal {
  return (GUEST_PRINCIPALS as readonly string[]).includes(p);
}

/** The group routes a guest may write: the ledger (`GUEST_COMMANDS` of domain/guest). */
export const GUEST_WRITES: ReadonlySet<string> = new Set([
  "POST /v1/groups/{g}/expenses",
  "PUT /v1/groups/{g}/expenses/{e}",
  "DELETE /v1/groups/{g}/expenses/{e}",
  "POST /v1/groups/{g}/settlements",
  "PUT /v1/groups/{g}/settlements/{s}",
  "DELETE /v1/groups/{g}/settlements/{s}",
  "POST /v1/groups/{g}/expenses/{e}/comments",
]);

function guestExpect(key: string, rule: Rule, p: GuestPrincipal): number {
  // The bot's routes take its key, never a bearer token.
  if (key.startsWith("POST /v1/telegram/")) return rule.expect("anonymous");
  // Open routes answer a guest what they answer anyone.
  const anonymous = rule.expect("anonymous");
  if (anonymous !== 401) return anonymous;
  // The batch answers 200; its command is checked by `guestSyncStatus`.
  if (key === "POST /v1/sync") return 200;
  const [method, path] = key.split(" ");
  if (!path.startsWith("/v1/groups/{g}") || p === "guestElsewhere") return 403;
  if (method !== "GET" && !GUEST_WRITES.has(key)) return 403;
  return rule.expect(AS[p]);
}

/** What a queued `expense.record` of the fixture group answers a guest inside `POST /v1/sync`. */
export function guestSyncStatus(p: GuestPrincipal): number {
  return p === "guestMember" ? 201 : 403;
}

/** Every rule, answering guests too. */
export function withGuests(rules: Record<string, Rule>): Record<string, Rule> {
  return Object.fromEntries(
    Object.entries(rules).map(([key, rule]) => [key, {
      request: (f: Fixture, p: Principal) => rule.request(f, isGuestPrincipal(p) ? AS[p] : p),
      expect: (p: Principal) => isGuestPrincipal(p) ? guestExpect(key, rule, p) : rule.expect(p),
    }]),
  );
}

const MEMBERS = ["owner", "admin", "member", "auditor", "viewer"];
const MANAGERS = ["owner", "admin"];

function unauthenticated(p: Principal): number | undefined {
  return p === "anonymous" || p === "expired" || p === "foreign" ? 401 : undefined;
}

/** Managers `ok`, other members 403, anyone else in the group's sense 404. */
function managers(ok: number) {
  return (p: Principal) =>
    unauthenticated(p) ?? (MANAGERS.includes(p) ? ok : MEMBERS.includes(p) ? 403 : 404);
}

/** A fresh placeholder of a group (the fixture's) and a guest link for it, made by the owner. */
async function freshLink(f: Fixture, groupId = f.groupId): Promise<{ id: string; token: string }> {
  const member = await f.owner.post(`/v1/groups/${groupId}/members`, {
    name: "Guest",
    role: "member",
  });
  if (member.status !== 201) throw new Error(`setup placeholder: ${member.status}`);
  f.saw(member.body.position);
  const link = await f.owner.post(`/v1/groups/${groupId}/guest-links`, {
    memberId: member.body.id,
    role: "member",
  });
  if (link.status !== 201) throw new Error(`setup guest link: ${JSON.stringify(link.body)}`);
  return { id: link.body.id, token: link.body.token };
}

/** The rules of the guest link routes. */
export const GUEST_LINK_RULES: Readonly<Record<string, Rule>> = {
  "POST /v1/groups/{g}/guest-links": {
    request: async (f) => {
      const member = await f.owner.post(`/v1/groups/${f.groupId}/members`, {
        name: "Guest",
        role: "member",
      });
      f.saw(member.body.position);
      return {
        path: `/v1/groups/${f.groupId}/guest-links`,
        body: { memberId: member.body.id, role: "viewer", expiresInDays: 1 },
      };
    },
    expect: managers(201),
  },
  "DELETE /v1/groups/{g}/guest-links/{l}": {
    request: async (f) => ({
      path: `/v1/groups/${f.groupId}/guest-links/${(await freshLink(f)).id}`,
    }),
    expect: managers(200),
  },
  // The link's token is the credential: any bearer token, or none, is beside the point.
  "POST /v1/guest-sessions": {
    request: async (f) => ({
      path: "/v1/guest-sessions",
      body: { token: (await freshLink(f)).token },
    }),
    expect: () => 200,
  },
  // Any account claims (in a fresh group of the owner's, so that no caller joins the fixture's).
  "POST /v1/guest-links/claim": {
    request: async (f) => {
      const group = await f.owner.post("/v1/groups", { name: "Claimed", currency: "EUR" });
      f.saw(group.body.position);
      return {
        path: "/v1/guest-links/claim",
        body: { token: (await freshLink(f, group.body.id)).token },
      };
    },
    expect: (p) => unauthenticated(p) ?? (p === "owner" ? 409 : 200),
  },
};
