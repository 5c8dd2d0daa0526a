/**
 * The building blocks of the access rules (`access_rules.ts`, `access_rules_account.ts`): the
 * fixture group's roles, the status each kind of route answers a caller, and fresh targets.
 *
 * @module
 */
import type { Fixture, Principal } from "./access_rules.ts";

/** Roles held in the fixture group, highest first. */
export const MEMBERS = ["owner", "admin", "member", "auditor", "viewer"] as const;
export type MemberPrincipal = (typeof MEMBERS)[number];

/** What a caller without valid credentials gets. */
export const UNAUTHENTICATED: Partial<Record<Principal, number>> = {
  anonymous: 401,
  expired: 401,
  foreign: 401,
};

/** Whether the caller holds a role in the fixture group. */
export function isMember(p: Principal): p is MemberPrincipal {
  return (MEMBERS as readonly string[]).includes(p);
}

/**
 * A group route: bad credentials 401; callers who are not active members
 * (outsiders, removed members) 404, since the group must stay invisible;
 * members `ok` when their role is among `allowed`, else 403.
 */
export function inGroup(allowed: readonly MemberPrincipal[], ok: number) {
  return (p: Principal) =>
    UNAUTHENTICATED[p] ?? (isMember(p) ? (allowed.includes(p) ? ok : 403) : 404);
}

/** Any signed-in user: bad credentials 401, else `ok`. */
export function signedIn(ok: number) {
  return (p: Principal) => UNAUTHENTICATED[p] ?? ok;
}

/** A route needing no credentials: every caller gets `ok`. */
export const open = (ok: number) => (_p: Principal) => ok;

/** Every role of the group. */
export const EVERYONE = MEMBERS;
/** The roles that write the ledger. */
export const WRITERS = ["owner", "admin", "member"] as const;
/** The roles that manage the group. */
export const MANAGERS = ["owner", "admin"] as const;
/** Who reads the event log, verifies and exports the history (API.md: "auditor and owner only"). */
export const AUDITORS = ["owner", "auditor"] as const;

/** Creates a target as the owner; answers its id (later reads wait for it). */
export async function created(f: Fixture, path: string, body: unknown): Promise<string> {
  const a = await f.owner.post(path, body);
  if (a.status !== 201) throw new Error(`setup ${path}: ${a.status} ${JSON.stringify(a.body)}`);
  f.saw(a.body.position);
  return a.body.id;
}

/** The fixture group's path. */
export const group = (f: Fixture) => `/v1/groups/${f.groupId}`;
