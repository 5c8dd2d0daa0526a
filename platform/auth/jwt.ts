/**
 * Short-lived access tokens: HS256 JWTs signed with `KOPEK_JWT_SECRET`.
 *
 * @module
 */
import { errors, jwtVerify, SignJWT } from "jose";

/** Signs and verifies access tokens. */
export interface TokenIssuer {
  /** A token for a user, valid for the issuer's lifetime. */
  issue(userId: string): Promise<{ token: string; expiresAt: Date }>;
  /** The user id of a valid token, or null for any invalid, expired or foreign token. */
  verify(token: string): Promise<string | null>;
}

/** Options of {@linkcode createTokenIssuer}. */
export interface TokenIssuerOptions {
  readonly secret: string;
  readonly lifetimeSeconds?: number;
  readonly now?: () => Date;
}

const ISSUER = "kopek";
const AUDIENCE = "kopek-api";

/** Verified tokens remembered per process, so that each is checked cryptographically once. */
const VERIFIED_CACHE_SIZE = 10_000;

/** Creates the token issuer of a process. */
export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  // Imported once: jose would import a raw key again on every call.
  const key = crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(options.secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign", "verify"],
  );
  const lifetime = options.lifetimeSeconds ?? 15 * 60;
  const now = options.now ?? (() => new Date());
  const verified = new Map<string, { userId: string; expiresAtMs: number }>();
  return {
    async issue(userId) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = new Date((issuedAt + lifetime) * 1000);
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256", typ: "JWT" })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + lifetime)
        .sign(await key);
      return { token, expiresAt };
    },
    async verify(token) {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAtMs > now().getTime()) return known.userId;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, await key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ["HS256"],
          currentDate: now(),
        });
        if (typeof payload.sub !== "string" || typeof payload.exp !== "number") return null;
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(token, { userId: payload.sub, expiresAtMs: payload.exp * 1000 });
        return payload.sub;
      } catch (e) {
        if (e instanceof errors.JOSEError || e instanceof TypeError) return null;
        throw e;
      }
    },
  };
}
