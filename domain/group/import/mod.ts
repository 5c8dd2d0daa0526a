/**
 * The pure core of an import: a dump's history is replayed through the same
 * decider as every API command, in two passes over the same events.
 *
 * 1. {@linkcode SourceCheck} proves the source is a history the command side
 *    decided (each command decided again as its recorded actor, equal to
 *    the stored events) and answers a JSON-safe {@linkcode SourceSummary}.
 * 2. {@linkcode TargetReplay}, given that summary, checks the same events
 *    again and answers, per source command, the commands the importer sends
 *    to the new groups with the events the decider decided for them.
 *
 * Both refuse with {@linkcode ImportRefusal} (`code`, `position`, `stream`).
 * Neither holds the events: memory is the folded state of each group.
 * Nothing is final until the dump reader verified the whole dump and
 * `finish()` answered.
 *
 * @example
 * ```ts
 * const check = new SourceCheck({ nowMs });
 * for await (const e of readSqlDump(open())) check.push(e);
 * const { summary } = check.finish();
 * const replay = new TargetReplay({ summary, importerUserId, idFor, nowMs });
 * for await (const e of readSqlDump(open())) for (const c of replay.push(e)) stage(c);
 * const { commands, groups } = replay.finish();
 * ```
 *
 * @module
 */
export { ImportRefusal, type ImportRefusalCode } from "./refusal.ts";
export { FUTURE_TOLERANCE_MS, type SourceEvent } from "./source_event.ts";
export {
  type CheckedCommand,
  MAX_IMPORT_GROUPS,
  SourceCheck,
  type SourceCheckOptions,
  type SourceGroup,
  type SourceSummary,
} from "./source_check.ts";
export { type IdFor, type ImportIdKind, translateCommand } from "./translate.ts";
export {
  type ReplayedCommand,
  type ReplayedGroup,
  TargetReplay,
  type TargetReplayOptions,
} from "./target_replay.ts";
export * from "./csv/mod.ts";
