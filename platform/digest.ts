/**
 * SHA-256 as lower-case hex, synchronously: the one digest of stored
 * secrets (codes, refresh tokens), claim streams (email addresses), rate
 * limit keys and command contents.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** The hex SHA-256 of a string's UTF-8 bytes. */
export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
