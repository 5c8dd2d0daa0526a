/**
 * Whether the device may show a photo waiting in its queue as a preview. Only when the file's
 * header declares at most `ATTACHMENT_LIMITS.maxPixels`: a "pixel bomb" (a kilobyte of PNG that
 * claims 20,000 × 20,000 pixels) would have the browser decode gigabytes for a thumbnail and keep
 * the page from rendering for as long as that takes. The server refuses such a file from its
 * header too (command-api/attachments/process.ts); the device reads the same header (image-size),
 * never the pixels, and shows the file's kind instead.
 *
 * @module
 */
import { imageSize } from "image-size";
import { ATTACHMENT_LIMITS } from "$domain/shared/attachment_limits.ts";

/** How much of a file is read for its header (a JPEG's size may follow its EXIF and colour profile). */
const HEAD_BYTES = 1 << 20;

/** True when `head` (a file's first bytes) is an image declaring a size the device may decode. */
export function previewableHead(head: Uint8Array): boolean {
  try {
    const { width, height } = imageSize(head);
    return width > 0 && height > 0 && width * height <= ATTACHMENT_LIMITS.maxPixels;
  } catch {
    return false; // not an image image-size knows, or its size is beyond the bytes read
  }
}

/** {@linkcode previewableHead} of a queued file's Blob. */
export async function previewable(blob: Blob): Promise<boolean> {
  return previewableHead(new Uint8Array(await blob.slice(0, HEAD_BYTES).arrayBuffer()));
}
