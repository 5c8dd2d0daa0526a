/**
 * The answers of the attachment routes (ADR 0055; the shape is fixed with
 * the PWA: docs/api.md, "Attachments").
 *
 * @module
 */

/** An expense's attachment (a receipt): its metadata, never its bytes. */
export interface Attachment {
  id: string;
  expenseId: string;
  /** The file name given at upload (or `attachment.<ext>`). */
  name: string;
  /** The type sniffed from the bytes, as stored. */
  contentType: "image/jpeg" | "image/png" | "image/webp" | "application/pdf";
  /** Bytes stored. */
  size: number;
  /** Lower-case hex SHA-256 of the stored bytes. */
  sha256: string;
  /** Pixels; null for a PDF. */
  width: number | null;
  height: number | null;
  hasThumbnail: boolean;
  /** The member who attached it. */
  addedBy: string;
  /** When (RFC 3339). */
  addedAt: string;
}

/** `GET .../expenses/{e}/attachments`: every attachment of the expense, oldest first. */
export interface AttachmentList {
  items: Attachment[];
}

/** `GET .../attachments/{a}/url`: a short-lived URL that serves the file without a token. */
export interface AttachmentUrl {
  url: string;
  expiresAt: string;
}
