/**
 * Password reset tokens (ADR 0060): 32 random bytes, base64url, mailed as a
 * link; only their SHA-256 is stored. A token works once and until it
 * expires; using one ends the user's other unused tokens.
 *
 * @module
 */
import { sha256Hex, type Sql } from "@kopek/platform";

/** How long a reset link works (ms). */
export const RESET_TOKEN_TTL_MS = 60 * 60_000;

/** A token's shape: 43 characters of base64url (32 bytes). */
export const RESET_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The reset tokens. */
export interface PasswordResets {
  /** A new token for the user, valid for `ttlMs`. */
  issue(userId: string, ttlMs?: number): Promise<{ token: string; expiresAt: Date }>;
  /** The user of a live, unused token, without using it (null: unknown, used or expired). */
  peek(token: string): Promise<string | null>;
  /** Uses the token: its user, once (null: unknown, used or expired); the user's others end. */
  consume(token: string): Promise<string | null>;
}

/** The tokens in `mail_password_resets`. */
export function createPasswordResets(sql: Sql): PasswordResets {
  const hashOf = (token: string) => sha256Hex(token);
  return {
    async issue(userId, ttlMs = RESET_TOKEN_TTL_MS) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      const token = btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
        .replaceAll("=", "");
      const [row] = await sql<{ expires_at: Date }[]>`
        INSERT INTO mail_password_resets (token_hash, user_id, expires_at)
        VALUES (${hashOf(token)}, ${userId}, now() + ${ttlMs} * interval '1 millisecond')
        RETURNING expires_at`;
      return { token, expiresAt: row.expires_at };
    },
    async peek(token) {
      if (!RESET_TOKEN_PATTERN.test(token)) return null;
      const [row] = await sql<{ user_id: string }[]>`
        SELECT user_id FROM mail_password_resets
        WHERE token_hash = ${hashOf(token)} AND used_at IS NULL AND expires_at > now()`;
      return row?.user_id ?? null;
    },
    async consume(token) {
      if (!RESET_TOKEN_PATTERN.test(token)) return null;
      const [row] = await sql<{ user_id: string }[]>`
        UPDATE mail_password_resets SET used_at = now()
        WHERE token_hash = ${hashOf(token)} AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`;
      if (!row) return null;
      await sql`
        UPDATE mail_password_resets SET used_at = now()
        WHERE user_id = ${row.user_id} AND used_at IS NULL`;
      return row.user_id;
    },
  };
}
