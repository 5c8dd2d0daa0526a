/**
 * The projector: keeps Kopek's read models (groups, access, expenses,
 * balances, monthly reports, invites) up to date from the event log, batch by
 * batch, each batch and its checkpoint in one transaction, quarantining the
 * streams a projection cannot apply instead of stopping; rebuilds them
 * blue/green, or as of a past instant into a schema of their own; and the
 * query functions query-api reads them with.
 *
 * @example
 * ```ts
 * import { createProjector, projectorMigrate } from "@kopek/projector";
 *
 * await projectorMigrate(sql);
 * const projector = createProjector({ sql, store, logger });
 * projector.start();
 * ```
 *
 * @module
 */
export { createProjector, type Projector, type ProjectorOptions } from "./projector.ts";
export {
  compose as composeProjector,
  type ProjectorComposeConfig,
  ProjectorConfig,
  type ProjectorShared,
} from "./compose.ts";
export { projectorMigrate, type ProjectorMigrateOptions, projectorSchema } from "./migrate.ts";
export { type BuildOptions, type BuildProgress } from "./build.ts";
export {
  buildSchemaOf,
  type RebuildOptions,
  rebuildProjections,
  type RebuildResult,
  retiredSchemaOf,
} from "./rebuild.ts";
export {
  asOfSchemaName,
  ReplayError,
  type ReplayOptions,
  type ReplayResult,
  replayUntil,
} from "./replay.ts";
export {
  appliedPositions,
  appliedThrough,
  type Checkpoint,
  checkpointPosition,
  readCheckpoints,
} from "./checkpoints.ts";
export {
  type GroupEnvelope,
  type GroupEvents,
  NewerEventError,
  parseGroupEvents,
  toGroupEnvelopes,
  type UnreadableEvent,
} from "./envelope.ts";
export { classifyFault, type FaultKind, isDataFault } from "./faults.ts";
export {
  listQuarantine,
  type QuarantinedStream,
  type QuarantineEntry,
  type QuarantineSummary,
  quarantineSummary,
} from "./quarantine.ts";
export {
  listSkipped,
  QuarantineError,
  type RemedyOptions,
  type RemedyOutcome,
  retryQuarantined,
  type SkippedEvent,
  skipQuarantined,
  type SkipRequest,
  streamArg,
} from "./quarantine_remedies.ts";
export {
  LOOP_STUCK_SECONDS,
  oldestUnappliedWaitSeconds,
  projectorLoopCheck,
  projectorReadinessCheck,
  type ProjectorReadinessOptions,
  projectorServiceHealth,
  readinessDetail,
  READY_MAX_LAG,
  READY_MAX_WAIT_SECONDS,
} from "./readiness.ts";
export type { Projection } from "./projection.ts";
export { PROJECTION_NAMES, PROJECTIONS } from "./projections/mod.ts";
export {
  getGroup,
  type GroupListItem,
  type GroupMemberView,
  type GroupPageKey,
  type GroupView,
  listGroupsOfUser,
} from "./projections/groups/queries.ts";
export { accessCacheKey, groupAccess } from "./projections/access/queries.ts";
export { type InviteListRow, listInvites } from "./projections/invites/queries.ts";
export { type CommentView, listComments } from "./projections/comments/queries.ts";
export {
  type AttachmentView,
  getAttachment,
  groupAttachments,
  listAttachments,
} from "./projections/attachments/queries.ts";
export {
  categoryLabels,
  type CategoryLabelView,
  type CategoryView,
  listCategories,
} from "./projections/categories/queries.ts";
export {
  dueRecurrences,
  groupTimeZone,
  listRecurrences,
  type RecurrenceView,
} from "./projections/recurrences/queries.ts";
export {
  type EntryFilter,
  type EntryPageKey,
  type EntryView,
  getEntry,
  listEntries,
  prefixQuery,
} from "./projections/expenses/queries.ts";
export {
  groupPairDebts,
  groupPaymentHandles,
  groupSimplifiesDebts,
  groupTotals,
  type MemberHandlesView,
  type MemberTotalsView,
  unsimplifiedPairDebts,
  type UserGroupTotals,
  userGroupTotals,
} from "./projections/balances/queries.ts";
export {
  assembleReport,
  monthlyReport,
  type MonthlyReportView,
  monthsBetween,
  type ReportCell,
  type ReportMonthView,
} from "./projections/reports/queries.ts";
export { reportsProjection } from "./projections/reports/apply.ts";
export { accessProjection } from "./projections/access/apply.ts";
export { ADVANCED_CHANNEL, AdvancedMessage, publishAdvanced } from "./advanced.ts";
export { entriesState, type EntryRow, foldEntries } from "./projections/expenses/fold.ts";
