/**
 * Where an attachment's bytes are kept in the blob store (ADR 0055): by
 * group, attachment and the stored bytes' sha256, so that a retry with
 * other bytes under the same id never overwrites what an event names.
 *
 * @module
 */

/** The key of a stored file. */
export function attachmentKey(groupId: string, attachmentId: string, sha256: string): string {
  return `attachments/${groupId}/${attachmentId}/${sha256}`;
}

/** The key of its thumbnail. */
export function thumbnailKey(groupId: string, attachmentId: string, sha256: string): string {
  return `${attachmentKey(groupId, attachmentId, sha256)}.thumb`;
}
