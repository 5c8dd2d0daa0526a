/**
 * The gate every guest request passes (ADR 0059), mounted right after
 * `bearerAuth` in both APIs: a guest reaches only the paths of its one group
 * (and the few others `allow` names), 403 `guest_forbidden` elsewhere; and
 * its link must still work (not revoked, expired or claimed), read from the
 * link's stream at most {@linkcode GUEST_LINK_CHECK_TTL_MS} ago, else 401
 * `guest_link_revoked`. Users' requests pass untouched.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import {
  foldGuestLink,
  type GuestLinkStanding,
  guestLinkStanding,
  type GuestLinkState,
  guestLinkStream,
  parseGuestLinkEvent,
} from "@kopek/domain";
import { guestOf, type GuestPrincipal } from "../auth/guest.ts";
import { problem, ProblemError } from "./problem.ts";

/** How long a link's standing is remembered per process (revocation takes at most this long). */
export const GUEST_LINK_CHECK_TTL_MS = 5_000;

/** What the gate reads a link from (the event store). */
export interface GuestLinkSource {
  readStream(
    stream: string,
  ): Promise<readonly { type: string; schemaVersion: number; data: unknown }[]>;
}

/** Reads a guest link's state from its stream. */
export async function loadGuestLink(
  source: GuestLinkSource,
  linkId: string,
): Promise<GuestLinkState> {
  const events = await source.readStream(guestLinkStream(linkId));
  return foldGuestLink(events.map((e) => parseGuestLinkEvent(e.type, e.schemaVersion, e.data)));
}

/** The 403 of a route a guest may not use. */
export function guestForbidden(): ProblemError {
  return new ProblemError(
    problem(403, "a guest can only use its group: create an account to do this", {
      code: "guest_forbidden",
    }),
  );
}

/** The paths of the guest's group: `/v1/groups/{its group}` and below. */
export function inGuestGroup(path: string, guest: GuestPrincipal): boolean {
  const prefix = `/v1/groups/${guest.groupId}`;
  const lower = path.toLowerCase();
  return lower === prefix || lower.startsWith(`${prefix}/`);
}

/** Creates the gate; `allow` adds paths outside the group (command-api's `/v1/sync`). */
export function guestGate(options: {
  source: GuestLinkSource;
  now: () => Date;
  allow?: (path: string, guest: GuestPrincipal) => boolean;
  ttlMs?: number;
}): MiddlewareHandler {
  const ttl = options.ttlMs ?? GUEST_LINK_CHECK_TTL_MS;
  const seen = new Map<string, { standing: GuestLinkStanding; until: number }>();
  async function standing(linkId: string): Promise<GuestLinkStanding> {
    const now = options.now();
    const known = seen.get(linkId);
    if (known && known.until > now.getTime()) return known.standing;
    const link = await loadGuestLink(options.source, linkId);
    const result = guestLinkStanding(link, now.toISOString());
    if (seen.size >= 10_000) seen.delete(seen.keys().next().value!);
    seen.set(linkId, { standing: result, until: now.getTime() + ttl });
    return result;
  }
  return async function guestGate(c, next) {
    const guest = guestOf(c.get("userId"));
    if (guest === null) {
      if (c.get("userId").startsWith("guest:")) throw guestForbidden();
      return await next();
    }
    if (!inGuestGroup(c.req.path, guest) && !(options.allow?.(c.req.path, guest) ?? false)) {
      throw guestForbidden();
    }
    const now = await standing(guest.linkId);
    if (now !== "active") {
      throw new ProblemError(
        problem(401, `this guest link is ${now === "missing" ? "revoked" : now}`, {
          code: "guest_link_revoked",
        }),
        { "WWW-Authenticate": 'Bearer realm="kopek", error="invalid_token"' },
      );
    }
    await next();
  };
}
