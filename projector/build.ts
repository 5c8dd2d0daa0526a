/**
 * Building read models into a schema of their own, from the whole log, while
 * the live ones keep serving: the machinery of blue/green rebuilds
 * (`rebuild.ts`) and of `kopek replay --until` (`replay.ts`).
 *
 * A build schema holds the tables of its projections, created by their
 * migrations, `kopek_build_state`: one row per projection with the build's
 * cursor and the id of the build that owns the schema, and its own
 * `projector_quarantine` (shaped like the live one): the streams the build
 * could not apply (ADR 0016). A batch goes through the same fault isolation
 * as the live runner's (`apply.ts`) and honours the live skip decisions; a
 * rebuild's swap moves its quarantine into the live table, a replay keeps it
 * beside its read models. Projection
 * SQL names its tables unqualified, so every statement of a build runs in a
 * transaction that first does `SET LOCAL search_path` (never a session
 * setting: it works through PgBouncer in transaction mode):
 *
 * - migrations run with the build schema alone on the path (`pg_catalog` is
 *   always searched): a migration cannot reach a live table, not even with
 *   `DROP … IF EXISTS`; projection migrations are self-contained;
 * - batches run with the build schema first, then the pool's own path: the
 *   projection's tables resolve into the build schema, anything else it
 *   might read into the live schema.
 *
 * The events are read through the event store, on the pool, outside those
 * transactions; the build's own bookkeeping is always schema-qualified. So
 * neither can resolve into the build schema (no projection migration creates
 * `events`, `projector_checkpoints` or `schema_migrations`).
 *
 * @module
 */
import { type Cursor, type EventStore, migrationChecksum, readMigrations } from "@kopek/eventstore";
import type { Logger, Sql, TransactionSql } from "@kopek/platform";
import { applyIsolated, logQuarantined } from "./apply.ts";
import { holdIfConnectionLost } from "./_connection_lost.ts";
import { cursorKey } from "./checkpoints.ts";
import { type GroupEvents, parseGroupEvents } from "./envelope.ts";
import type { Projection } from "./projection.ts";
import { buildQuarantineTables, type QuarantinedStream } from "./quarantine.ts";

/** The bookkeeping table of a build schema. */
export const BUILD_STATE_TABLE = "kopek_build_state";

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** Whether `name` is a schema name Kopek builds into (lower case, digits, `_`; at most 63). */
export function isSchemaName(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** `name` double-quoted for SQL; throws on anything but a plain lower-case identifier. */
export function quoteIdent(name: string): string {
  if (!isSchemaName(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A migration file applied to a build schema, as `schema_migrations` records it. */
export interface AppliedMigration {
  readonly component: string;
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

/** Where the live read models are: the pool's schema and search path. */
export interface LiveSchema {
  /** `current_schema()`: where live tables are (and where a swap moves new ones). */
  readonly schema: string;
  /** `current_setting('search_path')`, put back after the build schema in a batch. */
  readonly searchPath: string;
}

/** Reads the pool's schema and search path. */
export async function liveSchema(sql: Sql): Promise<LiveSchema> {
  const [row] = await sql<{ schema: string; path: string }[]>`
    SELECT current_schema() AS schema, current_setting('search_path') AS path`;
  return { schema: row.schema, searchPath: row.path };
}

/** A build schema and the projections built into it. */
export interface BuildTarget {
  readonly schema: string;
  readonly projections: readonly Projection[];
  /** The migrations applied to it (filled by {@linkcode createBuildSchema}). */
  migrations: AppliedMigration[];
}

/** Where a build stands after a batch. */
export interface BuildProgress {
  /** Events read from the log so far. */
  readonly events: number;
  /** Batches committed so far. */
  readonly batches: number;
  /** The position of the last event read. */
  readonly position: number;
}

/** What a build needs. */
export interface BuildOptions {
  /** The pool of the event store's database. */
  readonly sql: Sql;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Events per batch (default 2,000): the first page, and every page after a short one. */
  readonly batchSize?: number;
  /**
   * Events per batch after a full page (default 10,000, never less than
   * `batchSize`), as the runner's `catchUpBatchSize` (ADR 0064, 0070): a
   * replay from the start is a catch-up, and each transaction then folds more
   * events into the same rows.
   */
  readonly catchUpBatchSize?: number;
  /** Called after each committed batch (tests use it to write meanwhile, or to crash). */
  readonly onBatch?: (progress: BuildProgress) => void | Promise<void>;
  /**
   * A build logs its progress (`build: replaying`, at `info`, with the position reached and the
   * log's head) at most this often (default 5 s): a rebuild is a one-shot `kopek rebuild`, which
   * no Prometheus scrapes, so its log is where an operator watches it.
   */
  readonly progressEveryMs?: number;
}

/** Whether a schema exists, and whether it holds a build's bookkeeping table. */
export async function schemaKind(
  sql: Sql,
  schema: string,
): Promise<"absent" | "build" | "other"> {
  const [row] = await sql<{ build: boolean }[]>`
    SELECT EXISTS (SELECT 1 FROM pg_tables
                   WHERE schemaname = n.nspname AND tablename = ${BUILD_STATE_TABLE}) AS build
    FROM pg_namespace n WHERE n.nspname = ${schema}`;
  if (!row) return "absent";
  return row.build ? "build" : "other";
}

/** Drops a schema and everything in it (no-op when absent). */
export async function dropSchema(sql: Sql | TransactionSql, schema: string): Promise<void> {
  await sql.unsafe(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

/**
 * Drops a build schema if the build `owner` still owns it (no-op when it is
 * gone or another build has taken it over).
 */
export async function dropBuildIfOwned(sql: Sql, schema: string, owner: string): Promise<void> {
  if ((await schemaKind(sql, schema)) !== "build") return;
  await sql.begin(async (tx) => {
    const rows = await tx<{ owner: string }[]>`
      SELECT owner::text AS owner FROM ${tx(schema)}.kopek_build_state FOR UPDATE`;
    if (rows.length > 0 && rows.every((r) => r.owner === owner)) await dropSchema(tx, schema);
  });
}

/**
 * Creates a build schema afresh (dropping any schema of that name), its
 * bookkeeping owned by `owner` and its quarantine table (the live one's
 * shape), and runs every migration of its projections in it, in one
 * transaction.
 */
export async function createBuildSchema(
  sql: Sql,
  target: BuildTarget,
  owner: string,
): Promise<void> {
  const schema = quoteIdent(target.schema);
  const applied: AppliedMigration[] = [];
  await sql.begin(async (tx) => {
    await tx.unsafe(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await tx.unsafe(`CREATE SCHEMA ${schema}`);
    await tx.unsafe(`
      CREATE TABLE ${schema}.${BUILD_STATE_TABLE} (
        name text PRIMARY KEY,
        owner uuid NOT NULL,
        tx_id xid8,
        position bigint NOT NULL DEFAULT 0,
        events bigint NOT NULL DEFAULT 0
      )`);
    await tx`
      INSERT INTO ${tx(target.schema)}.kopek_build_state (name, owner)
      SELECT unnest(${
      tx.array(target.projections.map((p) => p.name), 25)
    }::text[]), ${owner}::uuid`;
    // Resolved through the pool's path: the live table, migrated before any build.
    await tx.unsafe(
      `CREATE TABLE ${schema}.projector_quarantine (LIKE projector_quarantine INCLUDING ALL)`,
    );
    // The build schema alone: a migration cannot touch a live table.
    await tx.unsafe(`SET LOCAL search_path TO ${schema}`);
    for (const p of target.projections) {
      for (const m of await readMigrations(p.migrations)) {
        await tx.unsafe(m.sql).simple();
        applied.push({
          component: `projector.${p.name}`,
          version: m.version,
          name: m.name,
          checksum: await migrationChecksum(m.sql),
        });
      }
    }
  });
  target.migrations = applied;
}

/**
 * Applies a batch to every projection of a build target inside `tx`: each
 * under `search_path` = the build schema, then the live path, with fault
 * isolation into the build's quarantine table; checks the build still owns
 * the schema and is at `after`, then moves its cursor to `next`. The
 * transaction's search path is left at the live one. Answers the streams it
 * quarantined (log them once `tx` has committed).
 */
export async function applyToBuild(
  tx: TransactionSql,
  live: LiveSchema,
  target: BuildTarget,
  owner: string,
  after: Cursor | null,
  next: Cursor,
  events: GroupEvents,
  count: number,
): Promise<QuarantinedStream[]> {
  const schema = quoteIdent(target.schema);
  const rows = await tx<{ name: string; owner: string; txId: string | null; position: string }[]>`
    SELECT name, owner::text AS owner, tx_id::text AS "txId", position::text AS position
    FROM ${tx(target.schema)}.kopek_build_state ORDER BY name FOR UPDATE`;
  for (const p of target.projections) {
    const row = rows.find((r) => r.name === p.name);
    const at = row?.txId == null ? null : { txId: row.txId, position: Number(row.position) };
    if (!row || row.owner !== owner) {
      throw new Error(`build schema ${target.schema} was taken over by another build`);
    }
    if (cursorKey(at) !== cursorKey(after)) {
      throw new Error(`build schema ${target.schema} is not where this build left it`);
    }
  }
  const tables = buildQuarantineTables(target.schema, live.schema);
  const quarantined: QuarantinedStream[] = [];
  await tx.unsafe(`SET LOCAL search_path TO ${schema}, ${live.searchPath}`);
  for (const p of target.projections) {
    quarantined.push(...await applyIsolated(tx, p, events, tables));
  }
  await tx.unsafe(`SET LOCAL search_path TO ${live.searchPath}`);
  await tx`
    UPDATE ${tx(target.schema)}.kopek_build_state
    SET tx_id = ${next.txId}::xid8, position = ${next.position}, events = events + ${count}`;
  return quarantined;
}

/** One page of the log, parsed and filtered. */
export interface BuildPage {
  readonly count: number;
  readonly next: Cursor | null;
  readonly events: GroupEvents;
}

/** Keeps an event of a build or not (by its decision time, for replays). */
export type BuildFilter = (e: { readonly at: string }) => boolean;

/** Reads the page after `after`, keeping the group events `filter` accepts. */
export async function readBuildPage(
  store: EventStore,
  after: Cursor | null,
  limit: number,
  filter?: BuildFilter,
): Promise<BuildPage> {
  const page = await store.readAll({ after, limit });
  const events = parseGroupEvents(page.events);
  return {
    count: page.events.length,
    next: page.events.length === 0 ? null : page.cursor,
    events: filter
      ? {
        envelopes: events.envelopes.filter(filter),
        unreadable: events.unreadable.filter(filter),
      }
      : events,
  };
}

/**
 * Replays the log into the targets from the start, one transaction per
 * target and batch (side by side), until a page comes back short (nearly
 * caught up). Answers the cursor reached and the events read.
 */
export async function replayIntoBuilds(
  options: BuildOptions,
  live: LiveSchema,
  targets: readonly BuildTarget[],
  owner: string,
  filter?: BuildFilter,
): Promise<{ cursor: Cursor | null; events: number; batches: number }> {
  const { sql, store } = options;
  const batchSize = options.batchSize ?? 2_000;
  const catchUpBatchSize = Math.max(batchSize, options.catchUpBatchSize ?? 10_000);
  let cursor: Cursor | null = null;
  let events = 0;
  let batches = 0;
  let ahead: { page: Promise<BuildPage>; limit: number } | null = null;
  const progressEveryMs = options.progressEveryMs ?? 5_000;
  let lastProgress = performance.now();
  for (;;) {
    const limit = ahead?.limit ?? batchSize;
    const page: BuildPage = await (ahead?.page ?? readBuildPage(store, cursor, limit, filter));
    ahead = null;
    if (page.next === null) break;
    const next = page.next;
    // A full page: read the next one, larger, while this one is applied.
    if (page.count === limit) {
      ahead = {
        page: readBuildPage(store, next, catchUpBatchSize, filter),
        limit: catchUpBatchSize,
      };
      ahead.page.catch(() => {}); // surfaces when awaited
    }
    const after = cursor;
    await Promise.all(
      targets.map(async (t) => {
        const quarantined = await sql.begin((tx) =>
          holdIfConnectionLost(() =>
            applyToBuild(tx, live, t, owner, after, next, page.events, page.count)
          )
        );
        logQuarantined(options.logger, quarantined, { schema: t.schema });
      }),
    );
    cursor = next;
    events += page.count;
    batches++;
    if (performance.now() - lastProgress >= progressEveryMs) {
      lastProgress = performance.now();
      options.logger.info({
        position: next.position,
        head: await store.headPosition(),
        events,
        batches,
      }, "build: replaying");
    }
    await options.onBatch?.({ events, batches, position: next.position });
    if (page.count < limit) break;
  }
  options.logger.debug({ events, batches, position: cursor?.position ?? 0 }, "build replayed");
  return { cursor, events, batches };
}
