/**
 * An event of a dump as the import core reads it: its place, its type and
 * data (upcast to today's schema version and validated) and its metadata
 * (who decided it, when, in which command), each checked to be what the
 * command side writes.
 *
 * @module
 */
import { z } from "zod";
import { Id } from "../../shared/schemas.ts";
import { parseInstant } from "../../shared/instant.ts";
import { type GroupEvent, GroupEventSchemas, upcastGroupEventData } from "../events.ts";
import { ImportRefusal } from "./refusal.ts";

/**
 * An event of a dump, as the import takes it: the reader's `DumpedEvent`
 * is one. Only its position, stream, id, type, schema version, data and
 * metadata are read.
 */
export interface SourceEvent {
  /** The global position in the source (named in refusals). */
  readonly position: number;
  /** The stream, `group-<id>`. */
  readonly stream: string;
  /** The source event's id (named by the imported events' causation). */
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  /** `{ actor, commandId, at, requestId?, via?, causationId?, traceparent? }` as the command side writes it. */
  readonly metadata: unknown;
}

/**
 * How far in the future of the import's clock an event's `at` may be: one
 * hour, for clocks of two instances that disagree. Later is refused (a
 * history cannot have been decided after it was exported).
 */
export const FUTURE_TOLERANCE_MS = 60 * 60 * 1000;

const LOWER_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lower-case UUID, as every id Kopek writes. */
export function isLowerUuid(value: unknown): value is string {
  return typeof value === "string" && LOWER_UUID.test(value) && Id.safeParse(value).success;
}

const Metadata = z.strictObject({
  actor: z.string().refine(isLowerUuid, { error: "actor must be a user id (a lower-case UUID)" }),
  commandId: z.string().min(1).max(512),
  at: z.string().max(40),
  causationId: z.string().max(512).nullable().optional(),
  requestId: z.string().max(512).nullable().optional(),
  via: z.string().max(100).nullable().optional(),
  traceparent: z.string().regex(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/).optional(),
});

/** A source event read and checked. */
export interface ReadEvent {
  readonly source: SourceEvent;
  /** Typed and validated, at today's schema version. */
  readonly event: GroupEvent;
  /** The data upcast to today's schema version, exactly as stored (for the exact comparison). */
  readonly raw: unknown;
  readonly actor: string;
  readonly commandId: string;
  /** RFC 3339, as stored. */
  readonly at: string;
  /** `at` in milliseconds since the epoch. */
  readonly atMs: number;
}

/** Reads one source event; refuses it (`dump.bad_event`) unless it is one Kopek writes. */
export function readSourceEvent(e: SourceEvent, nowMs: number): ReadEvent {
  const refuse = (detail: string): never => {
    throw new ImportRefusal("dump.bad_event", detail, e.position, e.stream);
  };
  const md = Metadata.safeParse(e.metadata);
  if (!md.success) {
    const issue = md.error.issues[0];
    refuse(
      `its metadata is not what Kopek writes: ${
        issue.path.join(".") || "metadata"
      }: ${issue.message}`,
    );
  }
  const { actor, commandId, at } = md.data!;
  const atMs = parseInstant(at);
  if (atMs === null) {
    refuse(`its time ${JSON.stringify(at)} is not an RFC 3339 instant of the years 0001–9999`);
  }
  if (atMs! > nowMs + FUTURE_TOLERANCE_MS) {
    refuse(`its time ${at} is in the future of this import`);
  }
  let raw: unknown;
  let event: GroupEvent;
  try {
    raw = upcastGroupEventData(e.type, e.schemaVersion, e.data);
    event = {
      type: e.type,
      data: GroupEventSchemas[e.type as GroupEvent["type"]].parse(raw),
    } as GroupEvent;
  } catch (err) {
    const issue = err instanceof z.ZodError ? err.issues[0] : undefined;
    return refuse(
      `it is not a valid group event: ${
        issue ? `${e.type} ${issue.path.join(".")}: ${issue.message}` : (err as Error).message
      }`.slice(0, 400),
    );
  }
  return { source: e, event, raw, actor, commandId, at, atMs: atMs! };
}
