/**
 * The bounds of attachments (receipts, ADR 0055). Constants, not settings:
 * the PWA shows them and the decider and the upload route enforce them the
 * same everywhere. This file imports nothing, so the PWA may read it.
 *
 * @module
 */
export const ATTACHMENT_LIMITS = {
  /** The largest file a client may send, in bytes (10 MiB); a longer body is a 413. */
  maxBytes: 10 * 1024 * 1024,
  /** Files on one expense (removed ones do not count). */
  perExpense: 10,
  /** Bytes stored for one group, files and thumbnails (1 GiB; removed ones do not count). */
  groupBytes: 1024 * 1024 * 1024,
  /** The longest file name, in UTF-16 code units. */
  name: 200,
  /** The most pixels an image may declare (width × height): a bigger one is refused before it is decoded. */
  maxPixels: 50_000_000,
  /** The longest side of a thumbnail, in pixels. */
  thumbnailSide: 320,
} as const;

/** The content types Kopek stores: sniffed from the bytes, never taken from the client. */
export const ATTACHMENT_TYPES = [
  "image/jpeg",
  "image/png",
  "image/webp",
  "application/pdf",
] as const;
/** A stored attachment's content type. */
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];
