/**
 * The type of an upload, from its first bytes (magic numbers), never from
 * its name or the client's `Content-Type` (ADR 0055). Four types are kept,
 * so a table of signatures is simpler than a library; images are decoded by
 * sharp afterwards, which refuses a file that only starts like an image.
 *
 * @module
 */
import type { AttachmentType } from "@kopek/domain";

/** How many first bytes the sniff needs. */
export const SNIFF_BYTES = 16;

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((b, i) => bytes[at + i] === b);
}

/** The type the bytes are, or null for anything else (HTML, an executable, a GIF…). */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  // RIFF....WEBP
  if (
    startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)
  ) {
    return "image/webp";
  }
  // %PDF-
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf";
  return null;
}
