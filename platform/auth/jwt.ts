/**
 * Short-lived access tokens: HS256 JWTs signed with `KOPEK_JWT_SECRET`. A
 * token issued for a sign-in session carries its id (`sid`), so that a
 * long-lived use of it (a `/live` stream, ADR 0021) can end with the session;
 * a token issued to a service acting for the user (the bot) has none.
 *
 * Instances' clocks disagree a little: a token is accepted up to
 * {@linkcode CLOCK_SKEW_SECONDS} past its `exp` and before its `nbf`, and
 * refused when its `iat` is further than that in the future (a token minted
 * by a clock far ahead would otherwise live that much longer) (ADR 0026).
 *
 * @module
 */
import { errors, jwtVerify, SignJWT } from "jose";

/** Who a valid access token speaks for. */
export interface Principal {
  readonly userId: string;
  /**
   * The service acting for the user (`"telegram-bot"`), or null when the
   * user signed in themselves.
   */
  readonly via: string | null;
  /** The sign-in session the token was issued for (`sid`), or null (a service's token). */
  readonly sessionId: string | null;
  /**
   * When the token stops working here: its `exp` plus the tolerated clock
   * skew (a `/live` stream it opened ends then).
   */
  readonly expiresAt: Date;
}

/** Options of {@linkcode TokenIssuer.issue}. */
export interface IssueOptions {
  /** The service acting for the user (`"telegram-bot"`). */
  readonly via?: string;
  /** The sign-in session the token belongs to (sign-in, registration, refresh). */
  readonly sessionId?: string;
}

/** Signs and verifies access tokens. */
export interface TokenIssuer {
  /**
   * A token for a user, valid for the issuer's lifetime; `via` names a service
   * acting for them, `sessionId` the sign-in session it belongs to.
   */
  issue(userId: string, options?: IssueOptions): Promise<{ token: string; expiresAt: Date }>;
  /** Who a valid token speaks for, or null for any invalid, expired or foreign token. */
  verify(token: string): Promise<Principal | null>;
}

/**
 * How far apart the clocks of two Kopek instances may be for a token one
 * issued to work on the other (seconds): NTP keeps clocks within milliseconds,
 * so this covers a clock that drifted for a while, and is small beside a
 * token's 15 minutes.
 */
export const CLOCK_SKEW_SECONDS = 60;

/** Options of {@linkcode createTokenIssuer}. */
export interface TokenIssuerOptions {
  readonly secret: string;
  readonly lifetimeSeconds?: number;
  readonly now?: () => Date;
  /** The tolerated skew between issuing and verifying clocks (default {@linkcode CLOCK_SKEW_SECONDS}). */
  readonly clockSkewSeconds?: number;
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
  const skew = options.clockSkewSeconds ?? CLOCK_SKEW_SECONDS;
  const verified = new Map<string, { principal: Principal; expiresAtMs: number }>();
  return {
    async issue(userId, issueOptions) {
      const issuedAt = Math.floor(now().getTime() / 1000);
      const expiresAt = new Date((issuedAt + lifetime) * 1000);
      const claims = {
        ...(issueOptions?.via ? { via: issueOptions.via } : {}),
        ...(issueOptions?.sessionId ? { sid: issueOptions.sessionId } : {}),
      };
      const token = await new SignJWT(claims)
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
        if (known.expiresAtMs > now().getTime()) return known.principal;
        verified.delete(token);
        return null;
      }
      try {
        const { payload } = await jwtVerify(token, await key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ["HS256"],
          currentDate: now(),
          clockTolerance: skew,
          // Requires iat, and refuses one further than the skew in the future; the age bound
          // itself never bites before exp does (every token lives `lifetime`).
          maxTokenAge: lifetime,
        });
        if (typeof payload.sub !== "string" || typeof payload.exp !== "number") return null;
        const principal: Principal = {
          userId: payload.sub,
          via: typeof payload.via === "string" ? payload.via : null,
          sessionId: typeof payload.sid === "string" ? payload.sid : null,
          expiresAt: new Date((payload.exp + skew) * 1000),
        };
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(token, { principal, expiresAtMs: principal.expiresAt.getTime() });
        return principal;
      } catch (e) {
        if (e instanceof errors.JOSEError || e instanceof TypeError) return null;
        throw e;
      }
    },
  };
}
