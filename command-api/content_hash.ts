/**
 * The digest of a command's content, which makes a retried command with the
 * same id recognisable (same digest: the original answer; other digest: 409).
 *
 * @module
 */
import canonicalize from "canonicalize";

/** Hex SHA-256 of the RFC 8785 canonical JSON of a value. */
export async function contentHash(value: unknown): Promise<string> {
  const text = canonicalize(value) ?? "null";
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
