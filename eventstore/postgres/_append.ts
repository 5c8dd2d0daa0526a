/**
 * The append: claims heads from the cache, chains the events after them, and
 * asks the database to insert them if the heads still hold; a moved stream
 * teaches the cache its head and the append tries again.
 *
 * An append is one call of `kopek_append(jsonb)` (one round trip) in the
 * common case; one event on one known stream is one plain statement
 * ({@linkcode appendOne}).
 *
 * @module
 */
import { inSpan, SpanKind, type Sql, tracingEnabled, type TransactionSql } from "@kopek/platform";
import {
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  DuplicateEventError,
  IdempotencyConflictError,
  type StoredEvent,
  VersionConflictError,
} from "../port.ts";
import type { HeadCache, StreamHead } from "./_head_cache.ts";
import { jsonLiteral } from "./_literal.ts";
import { type Answer, type Claim, duplicateResult, type PreparedEvent } from "./_rows.ts";
import { checkExpectation, claimFor, prepareEvents } from "./_claims.ts";
import { appendOne } from "./_append_one.ts";
import { type AppendItem, type BatchAnswer, GroupCommit } from "./_group_commit.ts";
import { validate } from "../append_validation.ts";

/** What an append works with: the pool, the adapter's head cache and its options. */
export interface AppendContext {
  sql: Sql;
  heads: HeadCache;
  /** How many times an append whose streams moved is tried. */
  maxAttempts: number;
  /** Runs inside the append's transaction before the commit (tests). */
  beforeCommit?: (tx: TransactionSql) => Promise<void>;
  /** Group commit (ADR 0062): appends at the database at once, and per batch; off when null. */
  groupCommit: { maxInFlight: number; maxBatch: number; alwaysBatch?: boolean } | null;
}

type Append = (
  input: AppendRequest | readonly AppendRequest[],
  appendOptions?: AppendOptions,
) => Promise<AppendResult>;

/** The attributes of the append's SQL span: the statement's shape, never its values. */
const SQL_APPEND = {
  "db.system.name": "postgresql",
  "db.operation.name": "SELECT",
  "db.query.summary": "SELECT kopek_append",
};
const SQL_APPEND_BATCH = { ...SQL_APPEND, "db.query.summary": "SELECT kopek_append_batch" };
const UNIQUE_VIOLATION = "23505";
const DEADLOCK = "40P01";

function isUniqueViolation(e: unknown): e is { code: string; constraint_name?: string } {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === UNIQUE_VIOLATION;
}

/**
 * A deadlock: PostgreSQL rolled the chosen transaction back whole, so nothing of it was kept and
 * it may run again. Two appends (or batches) writing the same streams' index entries in opposite
 * orders meet it when both read the same heads.
 */
function isDeadlock(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === DEADLOCK;
}

/** The store's `append`, in its own span when tracing is on: its SQL statements are its children. */
export function createAppend(context: AppendContext): Append {
  // Without prepared statements postgres.js describes every statement with
  // parameters first (a second round trip); the payload then travels as a
  // quoted literal instead, so that an append stays one round trip.
  const inline = (context.sql.options as { prepare?: boolean }).prepare === false;
  const one = (item: AppendItem) => alone(context, inline, item);
  const group = context.groupCommit === null ? null : new GroupCommit({
    ...context.groupCommit,
    alone: one,
    batch: (items) => callKopekAppendBatch(context, inline, JSON.stringify(items)),
    keptNothing: (e) => isUniqueViolation(e) || isDeadlock(e),
  });
  const submit = group === null ? one : (item: AppendItem) => group.submit(item);
  const untraced: Append = (input, appendOptions) =>
    appendUntraced(context, submit, input, appendOptions);
  return function append(input, appendOptions) {
    if (!tracingEnabled) return untraced(input, appendOptions);
    const requests = Array.isArray(input) ? input : [input as AppendRequest];
    return inSpan("eventstore.append", {
      attributes: {
        "kopek.append.streams": requests.length,
        "kopek.append.events": requests.reduce((n, r) => n + r.events.length, 0),
        "kopek.append.idempotent": appendOptions?.idempotency !== undefined,
      },
    }, async (span) => {
      const result = await untraced(input, appendOptions);
      span?.setAttributes({ "kopek.append.duplicate": result.duplicate });
      return result;
    });
  };
}

/** One call of `kopek_append`, in a transaction when `beforeCommit` asks for one. */
async function callKopekAppend(
  context: AppendContext,
  inline: boolean,
  payload: string,
): Promise<Answer> {
  const run = (db: Sql | TransactionSql) =>
    inSpan(
      "SELECT kopek_append",
      { kind: SpanKind.CLIENT, attributes: SQL_APPEND },
      async () => {
        const [row] = inline
          ? await db.unsafe<{ r: Answer }[]>(
            `SELECT kopek_append(${jsonLiteral(payload)}::jsonb) AS r`,
          )
          : await db<{ r: Answer }[]>`SELECT kopek_append(${payload}::text::jsonb) AS r`;
        return row.r;
      },
    );
  const { sql, beforeCommit } = context;
  if (beforeCommit === undefined) return await run(sql);
  return await sql.begin(async (tx) => {
    const answer = await run(tx);
    await beforeCommit(tx);
    return answer;
  }) as Answer;
}

/** One append alone: the one-statement insert when it fits, else `kopek_append`. */
async function alone(context: AppendContext, inline: boolean, item: AppendItem): Promise<Answer> {
  // The common append (one stream, one event, a known head) is one plain
  // statement; anything it does not settle goes through kopek_append.
  const single = context.beforeCommit === undefined && item.heads.length === 1 &&
      item.events.length === 1
    ? await appendOne(
      context.sql,
      inline,
      item.events[0],
      item.heads[0],
      item.key === null ? undefined : { key: item.key, contentHash: item.contentHash ?? "" },
      item.streams ?? [],
      item.response,
    )
    : null;
  return single ?? await callKopekAppend(context, inline, JSON.stringify(item));
}

/** One call of `kopek_append_batch` (group commit), in a transaction when `beforeCommit` asks. */
async function callKopekAppendBatch(
  context: AppendContext,
  inline: boolean,
  payload: string,
): Promise<BatchAnswer> {
  const run = (db: Sql | TransactionSql) =>
    inSpan(
      "SELECT kopek_append_batch",
      { kind: SpanKind.CLIENT, attributes: SQL_APPEND_BATCH },
      async () => {
        const [row] = inline
          ? await db.unsafe<{ r: BatchAnswer }[]>(
            `SELECT kopek_append_batch(${jsonLiteral(payload)}::jsonb) AS r`,
          )
          : await db<{ r: BatchAnswer }[]>`
            SELECT kopek_append_batch(${payload}::text::jsonb) AS r`;
        return row.r;
      },
    );
  const { sql, beforeCommit } = context;
  if (beforeCommit === undefined) return await run(sql);
  return await sql.begin(async (tx) => {
    const answer = await run(tx);
    await beforeCommit(tx);
    return answer;
  }) as BatchAnswer;
}

async function appendUntraced(
  context: AppendContext,
  submit: (item: AppendItem) => Promise<Answer>,
  input: AppendRequest | readonly AppendRequest[],
  appendOptions?: AppendOptions,
): Promise<AppendResult> {
  const { heads, maxAttempts } = context;
  const requests: readonly AppendRequest[] = Array.isArray(input)
    ? input
    : [input as AppendRequest];
  validate(requests, appendOptions);
  const idem = appendOptions?.idempotency;
  // Serialised once: kept as this text, and answered (parsed back) the same way every time.
  const response = idem?.response === undefined ? null : JSON.stringify(idem.response);
  let retriedDuplicateId = false;
  let lastMoved: { request: AppendRequest; head: StreamHead } | null = null;
  // Heads the database just told us, whatever the cache can hold.
  const fresh = new Map<string, StreamHead>();

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const claims = requests.map((r) =>
      claimFor(r, fresh.get(r.stream) ?? heads.get(r.stream), idem !== undefined)
    );
    const probing = claims.some((c) => c.hash === "");
    const events = probing ? [] : prepareEvents(requests, claims);
    const streams = requests.map((r, i) => ({
      stream: r.stream,
      version: claims[i].version + r.events.length,
    }));
    const item: AppendItem = {
      key: idem?.key ?? null,
      contentHash: idem?.contentHash ?? null,
      heads: claims,
      streams: idem === undefined ? null : streams,
      response,
      events,
    };

    let answer: Answer;
    try {
      answer = await submit(item);
    } catch (e) {
      // Rolled back whole by a deadlock: nothing was kept, the same append runs again.
      if (isDeadlock(e)) continue;
      if (!isUniqueViolation(e)) throw e;
      // A concurrent append won the race: forget what we believed and look again.
      for (const r of requests) {
        heads.delete(r.stream);
        fresh.delete(r.stream);
      }
      if (e.constraint_name === "events_id_key") {
        if (idem === undefined || retriedDuplicateId) {
          const id = /\(id\)=\(([^)]*)\)/.exec(String((e as { detail?: string }).detail))?.[1];
          throw new DuplicateEventError(id ?? null);
        }
        retriedDuplicateId = true;
      }
      continue;
    }

    switch (answer.status) {
      case "ok":
        return appended(heads, requests, claims, events, answer, streams, response);
      case "duplicate":
        return duplicateResult(answer);
      case "idempotency_conflict":
        throw new IdempotencyConflictError(idem!.key);
      case "moved": {
        const told = new Map(answer.heads.map((h) => [h.stream, h]));
        for (const r of requests) {
          const h = told.get(r.stream);
          if (h === undefined) continue;
          // Since migration 0004 a head names its `at` (null for an empty stream).
          const head = { version: h.version, hash: h.hash, at: h.at ?? null };
          heads.set(r.stream, head);
          fresh.set(r.stream, head);
          checkExpectation(r, head);
          lastMoved = { request: r, head };
        }
        continue;
      }
    }
  }
  if (lastMoved !== null) {
    throw new VersionConflictError(
      lastMoved.request.stream,
      lastMoved.request.expectedVersion,
      lastMoved.head.version,
    );
  }
  throw new Error(`Append did not settle after ${maxAttempts} attempts`);
}

/** The result of an append the database took, after advancing the cached heads. */
function appended(
  heads: HeadCache,
  requests: readonly AppendRequest[],
  claims: readonly Claim[],
  events: readonly PreparedEvent[],
  answer: Extract<Answer, { status: "ok" }>,
  streams: { stream: string; version: number }[],
  response: string | null,
): AppendResult {
  const txId = answer.txId ?? "0";
  const stored = events.map((e, i): StoredEvent => ({
    ...e,
    position: answer.positions[i],
    txId,
  }));
  let k = 0;
  for (let i = 0; i < requests.length; i++) {
    const n = requests[i].events.length;
    const last = n > 0 ? stored[k + n - 1] : undefined;
    heads.advance(
      requests[i].stream,
      last
        ? { version: last.version, hash: last.hash, at: last.metadata.at }
        : { version: claims[i].version, hash: claims[i].hash, at: claims[i].at },
    );
    k += n;
  }
  return {
    events: stored,
    position: stored.length > 0 ? stored[stored.length - 1].position : 0,
    streams,
    duplicate: false,
    ...(response === null ? {} : { response: JSON.parse(response) }),
  };
}
