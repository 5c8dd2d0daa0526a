/**
 * `kopek quarantine`: the operator's side of fault isolation (ADR 0016,
 * docs/operations.md "A stream is quarantined"):
 *
 * - `list [--skipped]`: the quarantined streams (or the skip decisions);
 * - `retry <stream|group-id|--all> [--projection NAME]`: after a fixed
 *   release, re-applies the stream's skipped events in order and lifts the
 *   quarantine; exit 1 when one fails again (it stays quarantined);
 * - `skip <stream|group-id> --position N --by NAME [--reason TEXT]
 *   [--projection NAME]`: the read model ignores that one event for good
 *   (recorded), then applies the stream's later events in order.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { EventStore } from "@kopek/eventstore";
import {
  listQuarantine,
  listSkipped,
  PROJECTION_NAMES,
  QuarantineError,
  type RemedyOutcome,
  retryQuarantined,
  skipQuarantined,
} from "@kopek/projector";
import type { Logger, Sql } from "@kopek/platform";
import { type Outcome, UsageError } from "./audit_commands.ts";

/** The usage lines of `kopek quarantine`. */
export const QUARANTINE_USAGE = [
  "usage: kopek quarantine list [--skipped]",
  "       kopek quarantine retry <stream|group-id|--all> [--projection NAME]",
  "       kopek quarantine skip <stream|group-id> --position N --by NAME [--reason TEXT] " +
  "[--projection NAME]",
].join("\n");

/** A parsed `kopek quarantine` command line. */
export type QuarantineRequest =
  | { readonly action: "list"; readonly skipped: boolean }
  | { readonly action: "retry"; readonly stream?: string; readonly projection?: string }
  | {
    readonly action: "skip";
    readonly stream: string;
    readonly position: number;
    readonly by: string;
    readonly reason?: string;
    readonly projection?: string;
  };

function usage(message: string): never {
  throw new UsageError(`${message}\n${QUARANTINE_USAGE}`);
}

function projectionOption(name: string | undefined): string | undefined {
  if (name !== undefined && !PROJECTION_NAMES.includes(name)) {
    usage(`--projection must be one of ${PROJECTION_NAMES.join(", ")}`);
  }
  return name;
}

/** Parses the words after `kopek quarantine`; throws {@linkcode UsageError} (exit 2). */
export function parseQuarantineArgs(args: readonly string[]): QuarantineRequest {
  const [action, ...rest] = args;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        skipped: { type: "boolean" },
        all: { type: "boolean" },
        projection: { type: "string" },
        position: { type: "string" },
        by: { type: "string" },
        reason: { type: "string" },
      },
    });
  } catch (e) {
    usage((e as Error).message);
  }
  const { values, positionals } = parsed;
  const allowed: Record<string, readonly string[]> = {
    list: ["skipped"],
    retry: ["all", "projection"],
    skip: ["projection", "position", "by", "reason"],
  };
  if (action === undefined || !(action in allowed)) usage("name an action: list, retry or skip");
  const extra = Object.keys(values).filter((k) => !allowed[action].includes(k));
  if (extra.length > 0) usage(`${action} takes no --${extra[0]}`);
  if (action === "list") {
    if (positionals.length > 0) usage("list takes no stream");
    return { action, skipped: values.skipped === true };
  }
  const projection = projectionOption(values.projection);
  if (action === "retry") {
    if (values.all ? positionals.length !== 0 : positionals.length !== 1) {
      usage("retry one stream, or --all");
    }
    return { action, stream: values.all ? undefined : positionals[0], projection };
  }
  if (positionals.length !== 1) usage("skip one stream");
  const position = Number(values.position);
  if (values.position === undefined || !Number.isSafeInteger(position) || position < 1) {
    usage("--position must be the position of the quarantined event (kopek quarantine list)");
  }
  if (values.by === undefined || values.by.trim() === "") {
    usage("--by must say who decides to skip the event (it is recorded)");
  }
  return {
    action: "skip",
    stream: positionals[0],
    position,
    by: values.by,
    reason: values.reason,
    projection,
  };
}

/** What the command needs: the live database. */
export interface QuarantineDeps {
  readonly sql: Sql;
  readonly store: EventStore;
  readonly logger: Logger;
}

/** A fixed-width table, columns separated by two spaces; the last column is not padded. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => i === cells.length - 1 ? c : c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}

/** The longest error shown in the table (the row keeps up to 2,000 characters). */
const ERROR_SHOWN = 200;

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function outcomeLine(o: RemedyOutcome, verb: string): string {
  if (o.quarantine === null) {
    return `${o.projection} ${o.stream}: ${verb}, ${o.applied} events applied, quarantine lifted`;
  }
  const q = o.quarantine;
  return `${o.projection} ${o.stream}: still quarantined at position ${q.position} ` +
    `(${q.eventType}, attempt ${q.attempts}) after ${o.applied} events applied: ${q.error}`;
}

/** Runs a parsed command. */
export async function runQuarantine(
  request: QuarantineRequest,
  deps: QuarantineDeps,
): Promise<Outcome> {
  const options = { sql: deps.sql, store: deps.store, logger: deps.logger };
  try {
    switch (request.action) {
      case "list": {
        if (request.skipped) {
          const skipped = await listSkipped(deps.sql);
          if (skipped.length === 0) return { code: 0, lines: ["no event has been skipped"] };
          return {
            code: 0,
            lines: table(
              ["PROJECTION", "STREAM", "POSITION", "TYPE", "DECIDED", "BY", "REASON"],
              skipped.map((s) => [
                s.projection,
                s.stream,
                String(s.position),
                s.eventType,
                s.decidedAt.toISOString(),
                `${s.decidedBy} (${s.dbUser})`,
                s.reason ?? "",
              ]),
            ),
          };
        }
        const entries = await listQuarantine(deps.sql);
        if (entries.length === 0) return { code: 0, lines: ["no stream is quarantined"] };
        return {
          code: 0,
          lines: table(
            ["PROJECTION", "STREAM", "POSITION", "TYPE", "SINCE", "ATTEMPTS", "ERROR"],
            entries.map((q) => [
              q.projection,
              q.stream,
              String(q.position),
              q.eventType,
              q.firstSeenAt.toISOString(),
              String(q.attempts),
              cut(q.error, ERROR_SHOWN),
            ]),
          ),
        };
      }
      case "retry": {
        const outcomes = await retryQuarantined(options, request);
        if (outcomes.length === 0) return { code: 0, lines: ["no stream is quarantined"] };
        return {
          code: outcomes.every((o) => o.quarantine === null) ? 0 : 1,
          lines: outcomes.map((o) => outcomeLine(o, "retried")),
        };
      }
      case "skip": {
        const outcomes = await skipQuarantined(options, {
          stream: request.stream,
          position: request.position,
          decidedBy: request.by,
          reason: request.reason,
          projection: request.projection,
        });
        return {
          code: outcomes.every((o) => o.quarantine === null) ? 0 : 1,
          lines: outcomes.map((o) =>
            outcomeLine(o, `event at position ${request.position} skipped by ${request.by.trim()}`)
          ),
        };
      }
      default: {
        const never: never = request;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  } catch (e) {
    if (e instanceof QuarantineError) return { code: 1, lines: [e.message] };
    throw e;
  }
}
