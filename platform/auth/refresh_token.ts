/**
 * Refresh tokens: `<session id>.<43 characters of base64url>` (256 random
 * bits). The session id says which session stream to check; the store only
 * keeps the SHA-256 digest of the secret part.
 *
 * @module
 */
import { sha256Hex } from "../digest.ts";

const FORMAT =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** A new refresh token of a session, and the digest to store. */
export function newRefreshToken(sessionId: string): { token: string; digest: string } {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
  return { token: `${sessionId.toLowerCase()}.${secret}`, digest: sha256Hex(secret) };
}

/** The session and digest of a refresh token, or null when it is not one. */
export function parseRefreshToken(token: string): { sessionId: string; digest: string } | null {
  const m = FORMAT.exec(token);
  return m ? { sessionId: m[1], digest: sha256Hex(m[2]) } : null;
}
