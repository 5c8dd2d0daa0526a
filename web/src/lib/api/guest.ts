/**
 * Guest links (ADR 0059): open one as a guest, claim its member with an
 * account, and (owners and admins) share or revoke one.
 *
 * @module
 */
import { loadSession, saveSession } from "../db.ts";
import { type GuestInfo, guestOf, type MaybeGuestSession } from "../guest.ts";
import type { Session } from "../types.ts";
import { login, register } from "./auth.ts";
import { request } from "./client.ts";

/** `POST /v1/guest-sessions`: what a link opens. */
interface GuestSessionAnswer {
  token: string;
  expiresAt: string;
  guest: {
    id: string;
    groupId: string;
    memberId: string;
    role: "member" | "viewer";
    expiresAt: string;
    memberName: string;
    groupName: string;
  };
}

/** The session a guest link's answer stands for (kept like an account's). */
export function guestSession(linkToken: string, a: GuestSessionAnswer): MaybeGuestSession {
  const guest: GuestInfo = {
    linkToken,
    linkId: a.guest.id,
    groupId: a.guest.groupId,
    groupName: a.guest.groupName,
    memberId: a.guest.memberId,
    memberName: a.guest.memberName,
    role: a.guest.role,
    linkExpiresAt: a.guest.expiresAt,
  };
  return {
    user: { id: `guest:${a.guest.id}`, email: "", displayName: a.guest.memberName },
    token: a.token,
    expiresAt: a.expiresAt,
    refreshToken: "",
    refreshExpiresAt: a.guest.expiresAt,
    guest,
  };
}

/** Opens a guest link: keeps the guest session and answers it. */
export async function openGuestLink(linkToken: string): Promise<MaybeGuestSession> {
  const { data } = await request<GuestSessionAnswer>("/v1/guest-sessions", {
    method: "POST",
    auth: false,
    body: { token: linkToken },
  });
  const s = guestSession(linkToken, data);
  await saveSession(s);
  return s;
}

/** How the guest becomes an account holder. */
export type Becoming =
  | { kind: "register"; email: string; password: string; displayName: string }
  | { kind: "login"; email: string; password: string };

/**
 * Creates (or signs in to) an account, then claims the guest's member with
 * the link: the member keeps its history. Answers the account's session and
 * the group to open.
 */
export async function becomeAccount(how: Becoming): Promise<{ session: Session; groupId: string; position: number }> {
  const guest = guestOf(await loadSession());
  if (!guest) throw new Error("not a guest");
  const session = how.kind === "register"
    ? await register(how.email, how.password, how.displayName)
    : await login(how.email, how.password);
  return { session, ...(await claimGuestLink(guest.linkToken)) };
}

/** `POST /v1/guest-links/claim` with the account signed in: the account keeps the link's member. */
export async function claimGuestLink(linkToken: string): Promise<{ groupId: string; position: number }> {
  const { data } = await request<{ groupId: string; position: number }>("/v1/guest-links/claim", {
    method: "POST",
    body: { token: linkToken },
  });
  return data;
}

/** A link as the owner's page shows it (its token only right after it was made). */
export interface SharedGuestLink {
  id: string;
  memberId: string;
  role: "member" | "viewer";
  expiresAt: string;
  token: string;
}

/** `POST /v1/groups/{g}/guest-links`. */
export async function shareGuestLink(
  groupId: string,
  memberId: string,
  role: "member" | "viewer",
  expiresInDays: number,
): Promise<SharedGuestLink> {
  const { data } = await request<SharedGuestLink>(`/v1/groups/${groupId}/guest-links`, {
    method: "POST",
    body: { memberId, role, expiresInDays },
  });
  return data;
}

/** `DELETE /v1/groups/{g}/guest-links/{l}`. */
export async function revokeGuestLink(groupId: string, linkId: string): Promise<void> {
  await request(`/v1/groups/${groupId}/guest-links/${linkId}`, { method: "DELETE" });
}
