/**
 * The tokens of `/v1/files/{token}` (the PostgreSQL store's signed URLs,
 * ADR 0055): a JWT (HS256, jose) naming the blob, its type, the file name
 * and how to show it, expiring in minutes, signed with a key derived from
 * the JWT secret (HMAC-SHA256 of the secret over a fixed label), so that a
 * file token is never an access token and the other way round.
 *
 * @module
 */
import { jwtVerify, SignJWT } from "jose";

/** What a token lets its holder read. */
export interface FileGrant {
  readonly key: string;
  readonly contentType: string;
  readonly fileName: string;
  readonly disposition: "inline" | "attachment";
}

/** Signs and checks file tokens. */
export interface FileTokens {
  sign(grant: FileGrant, expiresAt: Date): Promise<string>;
  /** The grant and its expiry (epoch seconds), or null when the token is expired or not ours. */
  verify(token: string): Promise<{ grant: FileGrant; exp: number } | null>;
}

const AUDIENCE = "kopek:file";

async function derivedKey(secret: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const label = new TextEncoder().encode("kopek file tokens v1");
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, label));
}

/** File tokens under the JWT secret. */
export function createFileTokens(jwtSecret: string): FileTokens {
  const key = derivedKey(jwtSecret);
  return {
    async sign(grant, expiresAt) {
      return await new SignJWT({
        k: grant.key,
        t: grant.contentType,
        n: grant.fileName,
        d: grant.disposition,
      })
        .setProtectedHeader({ alg: "HS256" })
        .setAudience(AUDIENCE)
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(await key);
    },
    async verify(token) {
      if (token.length > 4096) return null;
      try {
        const { payload } = await jwtVerify(token, await key, {
          audience: AUDIENCE,
          algorithms: ["HS256"],
        });
        const { k, t, n, d, exp } = payload as Record<string, unknown>;
        if (
          typeof k !== "string" || typeof t !== "string" || typeof n !== "string" ||
          (d !== "inline" && d !== "attachment") || typeof exp !== "number"
        ) return null;
        return { grant: { key: k, contentType: t, fileName: n, disposition: d }, exp };
      } catch {
        return null;
      }
    },
  };
}
