/**
 * Snapshots of folded streams (ADR 0065): the port, its adapters and the
 * fold that starts from them.
 *
 * @module
 */
export * from "./port.ts";
export { createMemorySnapshotStore } from "./memory.ts";
export { createPostgresSnapshotStore } from "./postgres.ts";
export {
  type FoldedStream,
  foldStream,
  type FoldStreamOptions,
  SNAPSHOT_EVERY,
  type SnapshotFold,
} from "./fold.ts";
export { foldHead, type HeadFold } from "./head_fold.ts";
