/**
 * The digest of a command's content, which makes a retried command with the
 * same id recognisable (same digest: the original answer; other digest: 409).
 *
 * @module
 */
import { sha256Hex } from "@kopek/platform";
import canonicalize from "canonicalize";

/** Hex SHA-256 of the RFC 8785 canonical JSON of a value (synchronous: it is on every write). */
export function contentHash(value: unknown): string {
  return sha256Hex(canonicalize(value) ?? "null");
}
