/**
 * The two passes of an import over a dump's bytes: the streaming dump
 * reader (`@kopek/eventstore`) feeding the pure import core
 * (`@kopek/domain`: `SourceCheck`, then `TargetReplay`). Each pass reads
 * the dump from the start (`open()` must give the same bytes each time: a
 * file, a stored upload), in constant memory.
 *
 * Nothing is final until a pass has returned: the reader proves the dump
 * intact only at its end, and pass 2 proves it read the dump pass 1
 * checked (same checksum, same summary) only then. Whatever a caller does
 * with the commands {@linkcode replayDump} hands it before it returned must
 * be undone if it throws (append them in one transaction, or stage them).
 *
 * @example
 * ```ts
 * const open = () => Deno.openSync(path).readable;
 * const { summary, dump } = await checkDump(open, { nowMs });
 * const { groups } = await replayDump(open, {
 *   summary, checksum: dump.checksum, importerUserId, idFor: derivedIdFor(job.seed), nowMs,
 * }, async (command) => await stage(command));
 * ```
 *
 * @module
 */
import {
  type IdFor,
  ImportRefusal,
  type ReplayedCommand,
  type ReplayedGroup,
  SourceCheck,
  type SourceSummary,
  TargetReplay,
} from "@kopek/domain";
import { DumpError, readSqlDump, type VerifiedDump } from "@kopek/eventstore";

/** Opens the dump's bytes, from the start, each time it is called. */
export type DumpSource = () => AsyncIterable<Uint8Array>;

/** Why an import refused a dump: its problem code, what, and where. */
export interface ImportFailure {
  /** `dump.<fault>` of the reader, or the import core's `dump.*` code. */
  readonly code: string;
  readonly detail: string;
  /** The source event's position, when an event is to blame. */
  readonly position: number | null;
  /** The dump's line, when the reader refused it. */
  readonly line: number | null;
}

/**
 * The failure a refusal of the reader ({@linkcode DumpError}) or of the
 * import core ({@linkcode ImportRefusal}) stands for; null for any other
 * error (a fault of Kopek, not of the dump).
 */
export function importFailureOf(e: unknown): ImportFailure | null {
  if (e instanceof DumpError) {
    return { code: `dump.${e.fault}`, detail: e.message, position: null, line: e.line };
  }
  if (e instanceof ImportRefusal) {
    return { code: e.code, detail: e.message, position: e.position, line: null };
  }
  return null;
}

/** How a pass runs. */
export interface PassOptions {
  /** The import's clock (ms since the epoch); the same for both passes. */
  readonly nowMs: number;
  /** The most groups the dump may hold (the core's default otherwise); the same for both passes. */
  readonly maxGroups?: number;
  /** Called after each event read (e.g. for progress); may be slow (backpressure). */
  readonly onEvent?: (events: number, position: number) => void | Promise<void>;
}

/**
 * Pass 1: reads the whole dump and checks its history. Answers pass 1's
 * summary and what the reader verified; throws {@linkcode DumpError} or
 * {@linkcode ImportRefusal}.
 */
export async function checkDump(
  open: DumpSource,
  options: PassOptions,
): Promise<{ summary: SourceSummary; dump: VerifiedDump }> {
  const check = new SourceCheck({ nowMs: options.nowMs, maxGroups: options.maxGroups });
  const reader = readSqlDump(open());
  let n = 0;
  for await (const e of reader) {
    check.push(e);
    await options.onEvent?.(++n, e.position);
  }
  const dump = reader.verified;
  return { summary: check.finish().summary, dump };
}

/** What pass 2 needs from pass 1, and who imports with which ids. */
export interface ReplayOptions extends PassOptions {
  readonly summary: SourceSummary;
  /** The checksum pass 1's reader verified: pass 2 must read the same dump. */
  readonly checksum: string;
  readonly importerUserId: string;
  readonly idFor: IdFor;
}

/**
 * Pass 2: reads the dump again and hands each command the importer sends,
 * decided, to `onCommand` (in order; awaited). Answers the new groups once
 * the dump proved the same as pass 1's; throws {@linkcode DumpError} or
 * {@linkcode ImportRefusal} (`dump.changed` when the bytes differ).
 */
export async function replayDump(
  open: DumpSource,
  options: ReplayOptions,
  onCommand: (command: ReplayedCommand) => void | Promise<void>,
): Promise<{ groups: ReplayedGroup[] }> {
  const replay = new TargetReplay({
    summary: options.summary,
    importerUserId: options.importerUserId,
    idFor: options.idFor,
    nowMs: options.nowMs,
    maxGroups: options.maxGroups,
  });
  const reader = readSqlDump(open());
  let n = 0;
  for await (const e of reader) {
    for (const command of replay.push(e)) await onCommand(command);
    await options.onEvent?.(++n, e.position);
  }
  if (reader.verified.checksum !== options.checksum) {
    throw new ImportRefusal("dump.changed", "the dump differs from the one the import checked");
  }
  const end = replay.finish();
  for (const command of end.commands) await onCommand(command);
  return { groups: end.groups };
}
