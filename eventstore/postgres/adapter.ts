/**
 * The PostgreSQL adapter of the event store port.
 *
 * An append is one call of `kopek_append(jsonb)` (one round trip) in the
 * common case: the adapter computes versions and hashes from the stream heads
 * it caches, and the function checks those heads before inserting. See
 * `eventstore/README.md` for the schema and the ordering argument.
 *
 * @module
 */
import { inSpan, SpanKind, type Sql, tracingEnabled, type TransactionSql } from "@kopek/platform";
import { eventHashSync } from "../hash.ts";
import {
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  type Cursor,
  DuplicateEventError,
  type EventMetadata,
  type EventStore,
  type Idempotency,
  IdempotencyConflictError,
  type IdempotentAnswer,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamsOptions,
  VersionConflictError,
} from "../port.ts";
import { HeadCache, type StreamHead } from "./_head_cache.ts";
import { jsonLiteral } from "./_literal.ts";
import { createPostgresKeyVault } from "./key_vault.ts";
import { notBefore } from "../monotonic_at.ts";

/** Options of {@linkcode createPostgresEventStore}. */
export interface PostgresEventStoreOptions {
  /** How many stream heads the adapter remembers (default 10,000). */
  headCacheSize?: number;
  /**
   * How many times an append whose streams moved under it is retried when the
   * expected versions allow it (`"any"`, `"exists"`) before giving up with a
   * {@linkcode VersionConflictError} (default 20).
   */
  maxAttempts?: number;
  /**
   * Runs inside the append's transaction after the events were inserted and
   * before the commit; the append then takes an explicit transaction (more
   * round trips). Meant for tests that need slow commits.
   */
  beforeCommit?: (tx: TransactionSql) => Promise<void>;
}

interface EventRow {
  position: number;
  tx_id: string;
  id: string;
  stream: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prev_hash: string | null;
}

interface Claim {
  stream: string;
  version: number;
  /** null for an empty stream; "" for a probe that must not match. */
  hash: string | null;
  /** The head's `metadata.at` (bound by its hash); null for an empty stream or a probe. */
  at: string | null;
}

interface PreparedEvent {
  id: string;
  stream: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: EventMetadata;
  hash: string;
  prevHash: string | null;
}

interface JsonEvent extends PreparedEvent {
  position: number;
  txId: string;
}

type Answer =
  | { status: "ok"; txId: string | null; positions: number[] }
  | {
    status: "moved";
    heads: { stream: string; version: number; hash: string | null; at?: string | null }[];
  }
  | {
    status: "duplicate";
    streams: { stream: string; version: number }[];
    events: JsonEvent[];
    /** The kept answer's JSON text; null when none was kept. */
    response?: string | null;
  }
  | { status: "idempotency_conflict" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNIQUE_VIOLATION = "23505";

function toStored(row: EventRow): StoredEvent {
  return {
    id: row.id,
    stream: row.stream,
    version: row.version,
    position: row.position,
    txId: row.tx_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    hash: row.hash,
    prevHash: row.prev_hash,
  };
}

function fromJson(e: JsonEvent): StoredEvent {
  return {
    id: e.id,
    stream: e.stream,
    version: e.version,
    position: e.position,
    txId: e.txId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}

/** Absent optional metadata is stored (and hashed) as null, so that reads hash the same. */
function normalizeMetadata(m: EventMetadata): EventMetadata {
  return { ...m, causationId: m.causationId ?? null, requestId: m.requestId ?? null };
}

function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === "number" && Number.isSafeInteger(n) && n >= 0;
}

function validateEvent(e: NewEvent, stream: string): void {
  if (typeof e.id !== "string" || !UUID.test(e.id.toLowerCase())) {
    throw new TypeError(`Event id must be a UUID in stream ${stream}`);
  }
  if (typeof e.type !== "string" || e.type === "") {
    throw new TypeError(`Event type must be a non-empty string in stream ${stream}`);
  }
  if (!isNonNegativeInteger(e.schemaVersion)) {
    throw new TypeError(`Event schemaVersion must be a non-negative integer in stream ${stream}`);
  }
  if (e.data === undefined) throw new TypeError(`Event data must be JSON in stream ${stream}`);
  const m = e.metadata;
  if (
    m === null || typeof m !== "object" || typeof m.commandId !== "string" ||
    typeof m.at !== "string" || (m.actor !== null && typeof m.actor !== "string")
  ) {
    throw new TypeError(`Event metadata needs actor, commandId and at in stream ${stream}`);
  }
}

function validate(requests: readonly AppendRequest[], options?: AppendOptions): void {
  const seen = new Set<string>();
  for (const r of requests) {
    if (typeof r.stream !== "string" || r.stream === "") {
      throw new TypeError("Stream must be a non-empty string");
    }
    if (seen.has(r.stream)) throw new TypeError(`Stream ${r.stream} appears twice in one append`);
    seen.add(r.stream);
    const ev = r.expectedVersion;
    if (ev !== "any" && ev !== "exists" && !isNonNegativeInteger(ev)) {
      throw new TypeError(`Expected version of ${r.stream} must be a version, "any" or "exists"`);
    }
    for (const e of r.events) validateEvent(e, r.stream);
  }
  const idem = options?.idempotency;
  if (idem !== undefined && (typeof idem.key !== "string" || idem.key === "")) {
    throw new TypeError("Idempotency key must be a non-empty string");
  }
  if (idem !== undefined && typeof idem.contentHash !== "string") {
    throw new TypeError("Idempotency contentHash must be a string");
  }
  if (idem?.response !== undefined && typeof JSON.stringify(idem.response) !== "string") {
    throw new TypeError("Idempotency response must be a JSON value");
  }
}

function isUniqueViolation(e: unknown): e is { code: string; constraint_name?: string } {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === UNIQUE_VIOLATION;
}

/**
 * What the adapter tells the function it based the append on. A probe (hash
 * "") never matches a real head, so the function answers with the real heads.
 */
function claimFor(
  r: AppendRequest,
  cached: StreamHead | undefined,
  mustAskDatabase: boolean,
): Claim {
  const ev = r.expectedVersion;
  if (ev === "any") {
    return { stream: r.stream, ...(cached ?? { version: 0, hash: null, at: null }) };
  }
  if (ev === "exists") {
    return cached !== undefined && cached.version > 0
      ? { stream: r.stream, ...cached }
      : { stream: r.stream, version: 1, hash: "", at: null };
  }
  if (cached !== undefined && cached.version === ev) return { stream: r.stream, ...cached };
  // Versions only grow: a cached head past the expectation is a sure conflict,
  // unless an idempotency key may make this a repeat of the append that moved it.
  if (cached !== undefined && cached.version > ev && !mustAskDatabase) {
    throw new VersionConflictError(r.stream, ev, cached.version);
  }
  if (ev === 0) return { stream: r.stream, version: 0, hash: null, at: null };
  return { stream: r.stream, version: ev, hash: "", at: null };
}

/** Throws when fresh heads rule out the expectation. */
function checkExpectation(r: AppendRequest, head: StreamHead): void {
  const ev = r.expectedVersion;
  if (ev === "exists" ? head.version === 0 : ev !== "any" && head.version !== ev) {
    throw new VersionConflictError(r.stream, ev, head.version);
  }
}

/**
 * The events as stored: versions and hashes after the claimed heads, and each
 * `metadata.at` never earlier than the one before it in its stream
 * ({@linkcode notBefore}, ADR 0026). The claims are checked by the append, so
 * the `at` an event follows is the one of the event it is chained to.
 */
function prepareEvents(
  requests: readonly AppendRequest[],
  claims: readonly Claim[],
): PreparedEvent[] {
  const out: PreparedEvent[] = [];
  for (let i = 0; i < requests.length; i++) {
    let prev = claims[i].hash;
    let prevAt = claims[i].at;
    let version = claims[i].version;
    for (const e of requests[i].events) {
      version++;
      const at = notBefore(e.metadata.at, prevAt);
      const fields = {
        id: e.id.toLowerCase(),
        stream: requests[i].stream,
        version,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: normalizeMetadata(at === e.metadata.at ? e.metadata : { ...e.metadata, at }),
      };
      const hash = eventHashSync(prev, fields);
      out.push({ ...fields, hash, prevHash: version === 1 ? null : prev });
      prev = hash;
      prevAt = at;
    }
  }
  return out;
}

/** The values of {@linkcode appendOneText}. */
interface AppendOneValues {
  id: string;
  stream: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
  hash: string;
  prevHash: string | null;
  claimVersion: number;
  claimHash: string | null;
  key: string | null;
  contentHash: string | null;
  streams: string;
  /** The answer's JSON text, kept with the key; null for none. */
  response: string | null;
}

/**
 * The single-event append as one statement with its values quoted inline,
 * for connections without prepared statements (no describe round trip).
 * Integers are safe integers by validation; every text goes through the
 * `E''` quoting of {@linkcode jsonLiteral}.
 */
function appendOneText(v: AppendOneValues): string {
  const t = (x: string | null) => (x === null ? "NULL::text" : `${jsonLiteral(x)}::text`);
  const n = (x: number) => {
    if (!Number.isSafeInteger(x)) throw new TypeError(`not an integer: ${x}`);
    return `${x}::integer`;
  };
  return `
    WITH head AS (
      SELECT h.version, h.hash FROM events h WHERE h.stream = ${t(v.stream)}
      ORDER BY h.version DESC LIMIT 1
    ), ins AS (
      INSERT INTO events
        (id, stream, version, type, schema_version, data, metadata, hash, prev_hash)
      SELECT ${t(v.id)}::uuid, ${t(v.stream)}, ${n(v.version)}, ${t(v.type)},
             ${n(v.schemaVersion)}, ${t(v.data)}::jsonb, ${t(v.metadata)}::jsonb,
             ${t(v.hash)}, ${t(v.prevHash)}
      WHERE coalesce((SELECT version FROM head), 0) = ${n(v.claimVersion)}
        AND (SELECT hash FROM head) IS NOT DISTINCT FROM ${t(v.claimHash)}
        AND (${t(v.key)} IS NULL
             OR NOT EXISTS (SELECT 1 FROM command_log c WHERE c.key = ${t(v.key)}))
      RETURNING position, tx_id
    ), logged AS (
      INSERT INTO command_log (key, content_hash, positions, streams, response)
      SELECT ${t(v.key)}, ${t(v.contentHash)}, ARRAY[ins.position], ${t(v.streams)}::jsonb,
             ${t(v.response)}::json
      FROM ins WHERE ${t(v.key)} IS NOT NULL
    )
    SELECT position, tx_id::text AS tx_id FROM ins`;
}

/**
 * Creates the PostgreSQL event store on a pool whose database has the event
 * store's migrations applied (see `migrate`). Use one instance per database
 * and process: it caches stream heads. Works without prepared statements
 * (PgBouncer in transaction mode, `?prepare=false`).
 *
 * @example
 * ```ts
 * const sql = connect(Deno.env.get("KOPEK_DATABASE_URL")!);
 * await migrate(sql);
 * const store = createPostgresEventStore(sql);
 * ```
 */
/** The attributes of the append's SQL spans: the statement's shape, never its values. */
const SQL_APPEND = {
  "db.system.name": "postgresql",
  "db.operation.name": "SELECT",
  "db.query.summary": "SELECT kopek_append",
};
const SQL_INSERT = {
  "db.system.name": "postgresql",
  "db.operation.name": "INSERT",
  "db.query.summary": "INSERT events",
  "db.collection.name": "events",
};

function duplicateResult(answer: Extract<Answer, { status: "duplicate" }>): AppendResult {
  const events = answer.events.map(fromJson);
  return {
    events,
    position: events.length > 0 ? events[events.length - 1].position : 0,
    streams: answer.streams,
    duplicate: true,
    ...(typeof answer.response === "string" ? { response: JSON.parse(answer.response) } : {}),
  };
}

export function createPostgresEventStore(
  sql: Sql,
  options: PostgresEventStoreOptions = {},
): EventStore {
  const heads = new HeadCache(options.headCacheSize ?? 10_000);
  const maxAttempts = options.maxAttempts ?? 20;
  const beforeCommit = options.beforeCommit;

  // Without prepared statements postgres.js describes every statement with
  // parameters first (a second round trip); the payload then travels as a
  // quoted literal instead, so that an append stays one round trip.
  const inline = (sql.options as { prepare?: boolean }).prepare === false;

  function run(db: Sql | TransactionSql, payload: string): Promise<Answer> {
    return inSpan(
      "SELECT kopek_append",
      { kind: SpanKind.CLIENT, attributes: SQL_APPEND },
      () => runSql(db, payload),
    );
  }

  async function runSql(db: Sql | TransactionSql, payload: string): Promise<Answer> {
    const [row] = inline
      ? await db.unsafe<{ r: Answer }[]>(`SELECT kopek_append(${jsonLiteral(payload)}::jsonb) AS r`)
      : await db<{ r: Answer }[]>`SELECT kopek_append(${payload}::text::jsonb) AS r`;
    return row.r;
  }

  async function call(payload: string): Promise<Answer> {
    if (beforeCommit === undefined) return await run(sql, payload);
    return await sql.begin(async (tx) => {
      const answer = await run(tx, payload);
      await beforeCommit(tx);
      return answer;
    }) as Answer;
  }

  /**
   * One event on one stream in one statement, without PL/pgSQL: the insert
   * (and the idempotency key) happen only if the stream's head is still the
   * claimed one and the key is unknown. The head is read before the insert
   * assigns the transaction id, as in `kopek_append`. Answers null when
   * nothing was written (moved, or a known key): the caller then asks
   * `kopek_append`, which explains why. A lost race raises a unique
   * violation, as `kopek_append` would.
   */
  async function appendOne(
    e: PreparedEvent,
    claim: Claim,
    idem: Idempotency | undefined,
    streams: { stream: string; version: number }[],
    response: string | null,
  ): Promise<Answer | null> {
    const v = {
      id: e.id,
      stream: e.stream,
      version: e.version,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata),
      hash: e.hash,
      prevHash: e.prevHash,
      claimVersion: claim.version,
      claimHash: claim.hash,
      key: idem?.key ?? null,
      contentHash: idem?.contentHash ?? null,
      streams: JSON.stringify(streams),
      response,
    };
    const rows = await inSpan(
      "INSERT events",
      { kind: SpanKind.CLIENT, attributes: SQL_INSERT },
      async () =>
        inline
          ? await sql.unsafe<{ position: number; tx_id: string }[]>(appendOneText(v))
          : await sql<{ position: number; tx_id: string }[]>`
        WITH head AS (
          SELECT h.version, h.hash FROM events h WHERE h.stream = ${v.stream}::text
          ORDER BY h.version DESC LIMIT 1
        ), ins AS (
          INSERT INTO events
            (id, stream, version, type, schema_version, data, metadata, hash, prev_hash)
          SELECT ${v.id}::uuid, ${v.stream}::text, ${v.version}::integer, ${v.type}::text,
                 ${v.schemaVersion}::integer, ${v.data}::text::jsonb, ${v.metadata}::text::jsonb,
                 ${v.hash}::text, ${v.prevHash}::text
          WHERE coalesce((SELECT version FROM head), 0) = ${v.claimVersion}::integer
            AND (SELECT hash FROM head) IS NOT DISTINCT FROM ${v.claimHash}::text
            AND (${v.key}::text IS NULL
                 OR NOT EXISTS (SELECT 1 FROM command_log c WHERE c.key = ${v.key}::text))
          RETURNING position, tx_id
        ), logged AS (
          INSERT INTO command_log (key, content_hash, positions, streams, response)
          SELECT ${v.key}::text, ${v.contentHash}::text, ARRAY[ins.position],
                 ${v.streams}::text::jsonb, ${v.response}::text::json
          FROM ins WHERE ${v.key}::text IS NOT NULL
        )
        SELECT position, tx_id::text AS tx_id FROM ins`,
    );
    const [row] = rows;
    return row === undefined ? null : { status: "ok", txId: row.tx_id, positions: [row.position] };
  }

  /** The append, in its own span when tracing is on: its SQL statements are its children. */
  function append(
    input: AppendRequest | readonly AppendRequest[],
    appendOptions?: AppendOptions,
  ): Promise<AppendResult> {
    if (!tracingEnabled) return appendUntraced(input, appendOptions);
    const requests = Array.isArray(input) ? input : [input as AppendRequest];
    return inSpan("eventstore.append", {
      attributes: {
        "kopek.append.streams": requests.length,
        "kopek.append.events": requests.reduce((n, r) => n + r.events.length, 0),
        "kopek.append.idempotent": appendOptions?.idempotency !== undefined,
      },
    }, async (span) => {
      const result = await appendUntraced(input, appendOptions);
      span?.setAttributes({ "kopek.append.duplicate": result.duplicate });
      return result;
    });
  }

  async function appendUntraced(
    input: AppendRequest | readonly AppendRequest[],
    appendOptions?: AppendOptions,
  ): Promise<AppendResult> {
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
      const payload = () =>
        JSON.stringify({
          key: idem?.key ?? null,
          contentHash: idem?.contentHash ?? null,
          heads: claims,
          streams: idem === undefined ? null : streams,
          response,
          events,
        });

      let answer: Answer;
      try {
        // The common append (one stream, one event, a known head) is one plain
        // statement; anything it does not settle goes through kopek_append.
        const single = beforeCommit === undefined && requests.length === 1 &&
            events.length === 1
          ? await appendOne(events[0], claims[0], idem, streams, response)
          : null;
        answer = single ?? await call(payload());
      } catch (e) {
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
        case "ok": {
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

  async function readStream(
    stream: string,
    readOptions: ReadStreamOptions = {},
  ): Promise<StoredEvent[]> {
    const after = readOptions.afterVersion ?? 0;
    const until = readOptions.untilPosition ?? null;
    const afterPosition = readOptions.afterPosition ?? null;
    const limit = readOptions.limit ?? null;
    if (limit !== null && (!isNonNegativeInteger(limit))) {
      throw new TypeError("Limit must be a non-negative integer");
    }
    const rows = await sql<EventRow[]>`
      SELECT position, tx_id::text AS tx_id, id::text AS id, stream, version, type,
             schema_version, data, metadata, hash, prev_hash
      FROM events
      WHERE stream = ${stream}::text AND version > ${after}::integer
        AND (${until}::bigint IS NULL OR position <= ${until}::bigint)
        AND (${afterPosition}::bigint IS NULL OR position > ${afterPosition}::bigint)
      ORDER BY version
      LIMIT ${limit}::bigint`;
    const events = rows.map(toStored);
    // A full read to the end tells the current head: the next append needs no look-up.
    if (
      until === null && afterPosition === null && (limit === null || events.length < limit) &&
      events.length > 0
    ) {
      const last = events[events.length - 1];
      heads.advance(stream, { version: last.version, hash: last.hash, at: last.metadata.at });
    }
    return events;
  }

  async function streamVersion(stream: string): Promise<number> {
    const [row] = await sql<{ version: number; hash: string; at: string }[]>`
      SELECT version, hash, metadata->>'at' AS at FROM events WHERE stream = ${stream}::text
      ORDER BY version DESC LIMIT 1`;
    if (row === undefined) return 0;
    heads.advance(stream, { version: row.version, hash: row.hash, at: row.at });
    return row.version;
  }

  async function readAll(readOptions: ReadAllOptions): Promise<ReadAllResult> {
    const { after, limit } = readOptions;
    const prefix = readOptions.streamPrefix ?? null;
    if (!isNonNegativeInteger(limit)) throw new TypeError("Limit must be a non-negative integer");
    // Only transactions older than every running one are final: reading below
    // the snapshot's xmin never skips an event that a slow transaction commits later.
    // ORDER BY names the table's columns: a bare `tx_id` would mean the output
    // column `tx_id::text` and sort by text ("10" < "9"), which is both a full
    // sort of every unread row and the wrong order once xids gain a digit.
    const afterTx = after?.txId ?? "0";
    const afterPosition = after?.position ?? 0;
    const rows = prefix === null
      ? await sql<EventRow[]>`
          SELECT e.position, e.tx_id::text AS tx_id, e.id::text AS id, e.stream, e.version,
                 e.type, e.schema_version, e.data, e.metadata, e.hash, e.prev_hash
          FROM events e
          WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
            AND (e.tx_id, e.position) > (${afterTx}::xid8, ${afterPosition}::bigint)
          ORDER BY e.tx_id, e.position
          LIMIT ${limit}::bigint`
      : await sql<EventRow[]>`
          SELECT e.position, e.tx_id::text AS tx_id, e.id::text AS id, e.stream, e.version,
                 e.type, e.schema_version, e.data, e.metadata, e.hash, e.prev_hash
          FROM events e
          WHERE e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
            AND (e.tx_id, e.position) > (${afterTx}::xid8, ${afterPosition}::bigint)
            AND starts_with(e.stream, ${prefix}::text)
          ORDER BY e.tx_id, e.position
          LIMIT ${limit}::bigint`;
    const events = rows.map(toStored);
    const last = events[events.length - 1];
    return {
      events,
      cursor: last === undefined ? after : { txId: last.txId, position: last.position },
    };
  }

  async function cursorOf(position: number): Promise<Cursor | null> {
    const [row] = await sql<{ tx_id: string; position: number }[]>`
      SELECT tx_id::text AS tx_id, position FROM events WHERE position = ${position}::bigint`;
    return row === undefined ? null : { txId: row.tx_id, position: row.position };
  }

  async function headPosition(): Promise<number> {
    const [row] = await sql<
      { p: number }[]
    >`SELECT coalesce(max(position), 0)::bigint AS p FROM events`;
    return row.p;
  }

  async function streams(options: StreamsOptions): Promise<string[]> {
    if (!isNonNegativeInteger(options.limit)) {
      throw new TypeError("Limit must be a non-negative integer");
    }
    const prefix = options.prefix ?? "";
    // A loose index scan over (stream, version): one index probe per stream,
    // however many events each holds.
    const rows = await sql<{ stream: string }[]>`
      WITH RECURSIVE s(stream, n) AS (
        (SELECT stream, 1 FROM events
          WHERE stream > coalesce(${options.after}::text, '') AND starts_with(stream, ${prefix}::text)
          ORDER BY stream LIMIT 1)
        UNION ALL
        SELECT (SELECT e.stream FROM events e
                 WHERE e.stream > s.stream AND starts_with(e.stream, ${prefix}::text)
                 ORDER BY e.stream LIMIT 1), s.n + 1
          FROM s WHERE s.stream IS NOT NULL AND s.n < ${options.limit}::integer
      )
      SELECT stream FROM s WHERE stream IS NOT NULL LIMIT ${options.limit}::integer`;
    return rows.map((r) => r.stream);
  }

  async function idempotentResult(idem: Idempotency): Promise<IdempotentAnswer | null> {
    const [row] = await sql<{ r: Answer | null }[]>`
      SELECT kopek_append_replay(${idem.key}::text, ${idem.contentHash}::text) AS r`;
    const answer = row?.r;
    if (!answer) return null;
    if (answer.status === "idempotency_conflict") return { status: "conflict" };
    if (answer.status !== "duplicate") throw new Error(`unexpected replay answer ${answer.status}`);
    return { status: "duplicate", result: duplicateResult(answer) };
  }

  return {
    keys: createPostgresKeyVault(sql),
    append,
    readStream,
    streamVersion,
    readAll,
    cursorOf,
    headPosition,
    streams,
    idempotentResult,
  };
}
