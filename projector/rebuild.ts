/**
 * Blue/green rebuilds: each projection is built from the whole log into
 * `kopek_build_<name>` while its live tables keep serving (and the live
 * projector keeps applying new events to them), then swapped in within one
 * transaction, so that a reader sees the old tables or the new ones, never an
 * empty or partial one. See ADR 0014.
 *
 * The swap transaction waits for each projection's advisory lock (the one the
 * runner takes per batch: the runner skips those projections meanwhile),
 * applies the last events to the builds, moves the live tables into
 * `kopek_retired_<name>` and the built ones into the live schema (indexes,
 * constraints and owned sequences move with their table), sets the live
 * checkpoints to the builds' cursor, replaces the projections' live
 * quarantine with the builds' (ADR 0016) and rewrites the projections'
 * `schema_migrations` rows to the migrations the builds ran; after the
 * commit the retired and build schemas are dropped. A crash before the commit
 * leaves the live tables as they were and an abandoned build schema, which
 * the next rebuild drops first.
 *
 * @module
 */
import { compareCursors, type Cursor, lockMigrations } from "@kopek/eventstore";
import type { TransactionSql } from "@kopek/platform";
import {
  applyToBuild,
  type BuildOptions,
  type BuildTarget,
  createBuildSchema,
  dropBuildIfOwned,
  dropSchema,
  type LiveSchema,
  liveSchema,
  quoteIdent,
  readBuildPage,
  replayIntoBuilds,
} from "./build.ts";
import { readCheckpoints, writeCheckpoint } from "./checkpoints.ts";
import type { Projection } from "./projection.ts";
import { lockProjection } from "./projector.ts";
import { logQuarantined } from "./apply.ts";
import { holdIfConnectionLost } from "./_connection_lost.ts";
import { adoptBuildQuarantine, type QuarantinedStream } from "./quarantine.ts";
import { PROJECTIONS } from "./projections/mod.ts";

/** Options of {@linkcode rebuildProjections}. */
export interface RebuildOptions extends BuildOptions {
  /** The projections to choose from (default: all of them). */
  readonly projections?: readonly Projection[];
  /** How long the swap waits for a projection's lock before it gives up and tries again (default 10 s). */
  readonly lockTimeoutMs?: number;
  /**
   * How long one attempt to lock the live tables waits (default 200 ms, below
   * PostgreSQL's `deadlock_timeout` of 1 s, so that in a lock cycle with a
   * reader the swap gives way, never the reader); attempts go on for about
   * 15 s.
   */
  readonly tableLockTimeoutMs?: number;
  /** Swap attempts before the rebuild fails (default 5). */
  readonly swapAttempts?: number;
}

/** What a rebuild did. */
export interface RebuildResult {
  /** The projections swapped in. */
  readonly projections: readonly string[];
  /** Events read from the log (the replay and the last ones under the lock). */
  readonly events: number;
  /** The position the rebuilt read models reflect. */
  readonly position: number;
  /** Milliseconds the swap transaction held the projections' locks. */
  readonly swapMs: number;
  /**
   * Streams quarantined for the rebuilt projections after the swap (the
   * builds' quarantine, now the live one; `kopek quarantine list`).
   */
  readonly quarantined: number;
}

/** The schema a projection is built into. */
export function buildSchemaOf(name: string): string {
  return `kopek_build_${name}`;
}

/** The schema a projection's replaced tables go to until they are dropped. */
export function retiredSchemaOf(name: string): string {
  return `kopek_retired_${name}`;
}

/** The `lock_not_available` SQLSTATE (`lock_timeout` expired). */
const LOCK_NOT_AVAILABLE = "55P03";

/**
 * Rebuilds the named projections blue/green (see the module doc): one pass
 * over the log feeds every build, and one transaction swaps them all in.
 * Throws on an unknown name. Two rebuilds of the same projection at once: the
 * later one drops the earlier one's build schema, and the earlier one fails.
 *
 * @example
 * ```ts
 * const result = await rebuildProjections({ sql, store, logger }, ["balances"]);
 * ```
 */
export async function rebuildProjections(
  options: RebuildOptions,
  names: readonly string[],
): Promise<RebuildResult> {
  const { sql } = options;
  const all = options.projections ?? PROJECTIONS;
  const chosen = [...new Set(names)].sort().map((name) => {
    const p = all.find((x) => x.name === name);
    if (!p) throw new Error(`unknown projection ${name}`);
    return p;
  });
  const owner = crypto.randomUUID();
  const live = await liveSchema(sql);
  const targets: BuildTarget[] = chosen.map((p) => ({
    schema: buildSchemaOf(p.name),
    projections: [p],
    migrations: [],
  }));
  try {
    return await buildAndSwap(options, chosen, targets, owner, live);
  } catch (e) {
    // Not left for the next rebuild to clean up, unless another build has taken it over.
    for (const t of targets) await dropBuildIfOwned(sql, t.schema, owner).catch(() => {});
    throw e;
  }
}

/** Builds the targets, then swaps them in (retrying the swap on lock timeouts). */
async function buildAndSwap(
  options: RebuildOptions,
  chosen: readonly Projection[],
  targets: readonly BuildTarget[],
  owner: string,
  live: LiveSchema,
): Promise<RebuildResult> {
  const { sql, logger } = options;
  // What an earlier rebuild left behind (a crash) goes first.
  for (const p of chosen) await dropSchema(sql, retiredSchemaOf(p.name));
  for (const t of targets) await createBuildSchema(sql, t, owner);
  logger.info({ projections: chosen.map((p) => p.name) }, "rebuild: building");

  const replayed = await replayIntoBuilds(options, live, targets, owner);
  const batchSize = options.batchSize ?? 2_000;
  const attempts = options.swapAttempts ?? 5;
  for (let attempt = 1;; attempt++) {
    try {
      const started = performance.now();
      let swapStarted = 0;
      const late: QuarantinedStream[] = [];
      const { cursor, events, quarantined } = await sql.begin((tx) =>
        holdIfConnectionLost(async () => {
          await tx.unsafe(
            `SET LOCAL lock_timeout = ${Math.max(1, options.lockTimeoutMs ?? 10_000)}`,
          );
          for (const p of chosen) await lockProjection(tx, p.name);
          swapStarted = performance.now();
          // The last events, under the locks: the runner applies none of them meanwhile.
          let cursor = replayed.cursor;
          let events = 0;
          for (;;) {
            const page = await readBuildPage(options.store, cursor, batchSize);
            if (page.next === null) break;
            for (const t of targets) {
              late.push(
                ...await applyToBuild(
                  tx,
                  live,
                  t,
                  owner,
                  cursor,
                  page.next,
                  page.events,
                  page.count,
                ),
              );
            }
            cursor = page.next;
            events += page.count;
          }
          await swapIn(tx, live, targets, cursor, options.tableLockTimeoutMs ?? 200);
          const [{ n }] = await tx<{ n: number }[]>`
          SELECT count(*)::int AS n FROM projector_quarantine
          WHERE projection = ANY(${tx.array(chosen.map((p) => p.name), 25)}::text[])`;
          return { cursor, events, quarantined: n };
        })
      );
      logQuarantined(logger, late);
      const swapMs = Math.round(performance.now() - (swapStarted || started));
      for (const p of chosen) await dropSchema(sql, retiredSchemaOf(p.name));
      for (const t of targets) await dropSchema(sql, t.schema);
      const result: RebuildResult = {
        projections: chosen.map((p) => p.name),
        events: replayed.events + events,
        position: cursor?.position ?? 0,
        swapMs,
        quarantined,
      };
      logger.info(result, "rebuild: swapped in");
      return result;
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code !== LOCK_NOT_AVAILABLE || attempt >= attempts) throw e;
      logger.warn({ attempt }, "rebuild: swap timed out waiting for a lock, trying again");
    }
  }
}

/** The swap proper, inside the transaction that holds the projections' locks. */
async function swapIn(
  tx: TransactionSql,
  live: LiveSchema,
  targets: readonly BuildTarget[],
  cursor: Cursor | null,
  tableLockTimeoutMs: number,
): Promise<void> {
  await tx.unsafe(`SET LOCAL search_path TO ${live.searchPath}`);
  const projections = targets.flatMap((t) => t.projections);
  // The live runner read the log no later than this build did (the snapshot
  // horizon only moves forward), so its checkpoints cannot be ahead.
  for (const c of await readCheckpoints(tx, projections.map((p) => p.name))) {
    if (c.cursor && (cursor === null || compareCursors(c.cursor, cursor) > 0)) {
      throw new Error(`live checkpoint of ${c.name} is ahead of its build`);
    }
  }
  await lockMigrations(tx);
  await refuseDependents(tx, live.schema, projections.flatMap((p) => p.tables));
  const liveSchemaName = quoteIdent(live.schema);
  await lockLiveTables(tx, live.schema, projections.flatMap((p) => p.tables), tableLockTimeoutMs);
  for (const t of targets) {
    const build = quoteIdent(t.schema);
    for (const p of t.projections) {
      const retired = quoteIdent(retiredSchemaOf(p.name));
      const built = await tx<{ table: string }[]>`
        SELECT tablename AS table FROM pg_tables
        WHERE schemaname = ${t.schema} AND tablename = ANY(${tx.array([...p.tables], 25)}::text[])`;
      const missing = p.tables.filter((name) => !built.some((b) => b.table === name));
      if (missing.length > 0) {
        throw new Error(`the migrations of ${p.name} did not create ${missing.join(", ")}`);
      }
      const current = await tx<{ table: string }[]>`
        SELECT tablename AS table FROM pg_tables
        WHERE schemaname = ${live.schema} AND tablename = ANY(${
        tx.array([...p.tables], 25)
      }::text[])`;
      await tx.unsafe(`CREATE SCHEMA ${retired}`);
      for (const { table } of current) {
        await tx.unsafe(`ALTER TABLE ${liveSchemaName}.${quoteIdent(table)} SET SCHEMA ${retired}`);
      }
      for (const table of p.tables) {
        await tx.unsafe(`ALTER TABLE ${build}.${quoteIdent(table)} SET SCHEMA ${liveSchemaName}`);
      }
      await writeCheckpoint(tx, p.name, cursor);
      await adoptBuildQuarantine(tx, `${t.schema}.projector_quarantine`, [p.name]);
      const component = `projector.${p.name}`;
      const migrations = t.migrations.filter((m) => m.component === component);
      await tx`DELETE FROM schema_migrations WHERE component = ${component}`;
      if (migrations.length > 0) {
        await tx`
          INSERT INTO schema_migrations (component, version, name, checksum)
          SELECT ${component}, v, n, c
          FROM unnest(${tx.array(migrations.map((m) => String(m.version)), 25)}::int[],
                      ${tx.array(migrations.map((m) => m.name), 25)}::text[],
                      ${tx.array(migrations.map((m) => m.checksum), 25)}::text[]) AS m(v, n, c)`;
      }
    }
  }
}

/**
 * Takes `ACCESS EXCLUSIVE` on the live tables that exist, in name order, in
 * short attempts under a savepoint: a reader holding one of them while it
 * waits for another one the swap holds would otherwise make a lock cycle, and
 * PostgreSQL would break it by aborting either side after `deadlock_timeout`.
 * Timing out first, the swap lets go of all of them, waits a moment and tries
 * again; readers only ever wait. The projections' advisory locks stay held.
 */
async function lockLiveTables(
  tx: TransactionSql,
  schema: string,
  tables: readonly string[],
  timeoutMs: number,
): Promise<void> {
  const existing = await tx<{ table: string }[]>`
    SELECT tablename AS table FROM pg_tables
    WHERE schemaname = ${schema} AND tablename = ANY(${tx.array([...tables], 25)}::text[])
    ORDER BY tablename`;
  if (existing.length === 0) return;
  const list = existing.map((t) => `${quoteIdent(schema)}.${quoteIdent(t.table)}`).join(", ");
  const deadline = performance.now() + Math.max(15_000, 20 * timeoutMs);
  for (;;) {
    try {
      await tx.savepoint((sp) =>
        holdIfConnectionLost(async () => {
          await sp.unsafe(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(timeoutMs))}`);
          await sp.unsafe(`LOCK TABLE ${list} IN ACCESS EXCLUSIVE MODE`);
        })
      );
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== LOCK_NOT_AVAILABLE || performance.now() > deadline) {
        throw e;
      }
      await new Promise((r) => setTimeout(r, 10 + Math.random() * timeoutMs));
    }
  }
}

/**
 * Refuses to swap tables that a view or a foreign key outside them depends
 * on: it would follow the old table into the retired schema and be dropped
 * with it. (No projection has one; this keeps a future one from losing it.)
 */
async function refuseDependents(
  tx: TransactionSql,
  schema: string,
  tables: readonly string[],
): Promise<void> {
  const rows = await tx<{ dependent: string; table: string }[]>`
    WITH swapped AS (
      SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = ${schema} AND c.relname = ANY(${tx.array([...tables], 25)}::text[])
    )
    SELECT DISTINCT v.oid::regclass::text AS dependent, s.relname AS table
    FROM swapped s
    JOIN pg_depend d ON d.refobjid = s.oid AND d.classid = 'pg_rewrite'::regclass
    JOIN pg_rewrite r ON r.oid = d.objid
    JOIN pg_class v ON v.oid = r.ev_class
    WHERE v.oid NOT IN (SELECT oid FROM swapped)
    UNION
    SELECT DISTINCT k.conrelid::regclass::text, s.relname
    FROM swapped s JOIN pg_constraint k ON k.confrelid = s.oid AND k.contype = 'f'
    WHERE k.conrelid NOT IN (SELECT oid FROM swapped)
    ORDER BY 1, 2`;
  if (rows.length > 0) {
    throw new Error(
      `cannot swap: ${
        rows.map((r) => `${r.dependent} depends on ${r.table}`).join(", ")
      }: it would follow the old table and be dropped with it; drop it first`,
    );
  }
}
