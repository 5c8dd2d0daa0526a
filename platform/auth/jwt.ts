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

/** Creates the token issuer of a process. */
export function createTokenIssuer(options: TokenIssuerOptions): TokenIssuer {
  const key = new TextEncoder().encode(options.secret);
  const lifetime = options.lifetimeSeconds ?? 15 * 60;
  const now = options.now ?? (() => new Date());
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
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ["HS256"],
          currentDate: now(),
        });
        return typeof payload.sub === "string" ? payload.sub : null;
      } catch (e) {
        if (e instanceof errors.JOSEError || e instanceof TypeError) return null;
        throw e;
      }
    },
  };
}
