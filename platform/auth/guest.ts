/**
 * Guests (ADR 0059): the signed token of a guest link, and how a guest
 * session's access token names its guest.
 *
 * A link's token is an HS256 JWT whose key is derived from `KOPEK_JWT_SECRET`
 * (an HMAC of the secret and a fixed label), with its own issuer and
 * audience: it can never pass as an access token, nor an access token as a
 * link. It names only the link (`sub`); everything else, and whether the
 * link still works, is read from the link's stream on every use.
 *
 * A guest session's access token is an ordinary access token whose subject is
 * `guest:<link>:<group>:<member>:<role>` (never a user id, which is a UUID),
 * so that every route that reads `userId` sees a guest and refuses it unless
 * it knows guests.
 *
 * @module
 */
import { errors, jwtVerify, SignJWT } from "jose";

/** What a guest session acts as. */
export interface GuestPrincipal {
  readonly linkId: string;
  readonly groupId: string;
  readonly memberId: string;
  readonly role: "member" | "viewer";
}

const PREFIX = "guest:";
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const SUBJECT = new RegExp(`^guest:(${UUID}):(${UUID}):(${UUID}):(member|viewer)$`);

/** The access token subject of a guest. */
export function guestSubject(g: GuestPrincipal): string {
  return `${PREFIX}${g.linkId}:${g.groupId}:${g.memberId}:${g.role}`;
}

/** The guest a subject names, or null for a user's subject. */
export function guestOf(subject: string): GuestPrincipal | null {
  if (!subject.startsWith(PREFIX)) return null;
  const m = SUBJECT.exec(subject);
  if (!m) return null;
  return { linkId: m[1], groupId: m[2], memberId: m[3], role: m[4] as "member" | "viewer" };
}

/** Whether a subject (a `userId` of the context) is a guest's. */
export function isGuest(subject: string): boolean {
  return subject.startsWith(PREFIX);
}

/** Signs and verifies guest link tokens. */
export interface GuestLinkTokens {
  /** The token of a link, valid until `expiresAt`. */
  sign(linkId: string, expiresAt: Date): Promise<string>;
  /** The link a valid token names, or null for any invalid, expired or foreign token. */
  verify(token: string): Promise<string | null>;
}

const ISSUER = "kopek";
const AUDIENCE = "kopek-guest-link";
const LABEL = "kopek guest link v1";

/** Creates the guest link tokens of a process, keyed from the JWT secret. */
export function createGuestLinkTokens(
  options: { secret: string; now?: () => Date },
): GuestLinkTokens {
  const now = options.now ?? (() => new Date());
  const key = (async () => {
    const master = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(options.secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const derived = await crypto.subtle.sign("HMAC", master, new TextEncoder().encode(LABEL));
    return await crypto.subtle.importKey(
      "raw",
      derived,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
  })();
  return {
    async sign(linkId, expiresAt) {
      return await new SignJWT({})
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(linkId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(Math.floor(now().getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(await key);
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, await key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ["HS256"],
          currentDate: now(),
        });
        return typeof payload.sub === "string" && new RegExp(`^${UUID}$`).test(payload.sub)
          ? payload.sub
          : null;
      } catch (e) {
        if (e instanceof errors.JOSEError || e instanceof TypeError) return null;
        throw e;
      }
    },
  };
}
