/**
 * Kopek's pure domain core: money, allocation, the aggregates' deciders,
 * balances and the settle-up plan. No I/O, no clock, no random ids.
 *
 * @module
 */
export * from "./errors.ts";
export * from "./decider.ts";
export * from "./streams.ts";
export * from "./personal_data.ts";
export * from "./shared/schemas.ts";
export * from "./shared/limits.ts";
export * from "./shared/attachment_limits.ts";
export * from "./group/attachments.ts";
export * from "./money/mod.ts";
export * from "./ledger/mod.ts";
export * from "./payments/mod.ts";
export * from "./group/events.ts";
export * from "./group/commands.ts";
export * from "./group/state.ts";
export * from "./group/evolve.ts";
export * from "./group/snapshot.ts";
export * from "./group/snapshot_head.ts";
export * from "./group/ignore_events.ts";
export * from "./group/event_families.ts";
export * from "./group/decide.ts";
export * from "./group/decider.ts";
export * from "./group/roles.ts";
export * from "./group/invites.ts";
export * from "./group/unlink.ts";
export * from "./group/balances.ts";
export { computeExpense, computeSettlement } from "./group/expense_math.ts";
export * from "./user/events.ts";
export * from "./user/account.ts";
export * from "./user/email.ts";
export * from "./user/telegram.ts";
export * from "./user/profile.ts";
export * from "./user/push.ts";
export * from "./user/decider.ts";
export * from "./session/events.ts";
export * from "./session/session.ts";
export * from "./session/decider.ts";
export * from "./session/liveness.ts";
export * from "./group/import/mod.ts";
export { parseInstant } from "./shared/instant.ts";
export * from "./as_of.ts";
export * from "./client/client_error.ts";
export * from "./recurrence/rule.ts";
export * from "./recurrence/occurrence_id.ts";
export * from "./group/recurrences.ts";
export * from "./group/recurrence_evolve.ts";
export * from "./guest/link.ts";
