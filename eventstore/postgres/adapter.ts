/**
 * The PostgreSQL adapter of the event store port.
 *
 * An append is one call of `kopek_append(jsonb)` (one round trip) in the
 * common case: the adapter computes versions and hashes from the stream heads
 * it caches, and the function checks those heads before inserting. Appends
 * that arrive while others are at the database go together, one statement and
 * one commit for all (`_group_commit.ts`, ADR 0062). See `eventstore/README.md`
 * for the schema and the ordering argument.
 *
 * The parts: `_append.ts` (the append and its retries), `_append_one.ts` (one
 * event in one plain statement), `_claims.ts` (the heads an append claims and
 * its chained events), `../append_validation.ts`, `_reads.ts`, `_idempotency.ts`,
 * `_rows.ts` (the shapes exchanged with the database), `_head_cache.ts` and
 * `_group_commit.ts` (the queue and its batches).
 *
 * @module
 */
import type { Sql, TransactionSql } from "@kopek/platform";
import type { EventStore } from "../port.ts";
import { HeadCache } from "./_head_cache.ts";
import { createAppend } from "./_append.ts";
import {
  cursorOf,
  headPosition,
  readAll,
  readStream,
  readStreamText,
  streams,
  streamVersion,
} from "./_reads.ts";
import { idempotentResult } from "./_idempotency.ts";
import { readStreamBytes } from "./_copy_reads.ts";
import { createPostgresKeyVault } from "./key_vault.ts";

/** Options of {@linkcode createPostgresEventStore}. */
export interface PostgresEventStoreOptions {
  /** How many stream heads the adapter remembers (default 10,000). */
  headCacheSize?: number;
  /**
   * How many times an append whose streams moved under it is retried when the
   * expected versions allow it (`"any"`, `"exists"`) before giving up with a
   * `VersionConflictError` (default 20).
   */
  maxAttempts?: number;
  /**
   * Runs inside the append's transaction after the events were inserted and
   * before the commit; the append then takes an explicit transaction (more
   * round trips). Meant for tests that need slow commits.
   */
  beforeCommit?: (tx: TransactionSql) => Promise<void>;
  /**
   * Group commit (ADR 0062): while `maxInFlight` appends (or batches) of this
   * store are at the database, further appends queue and the next one to
   * finish sends them as one statement and one commit, at most `maxBatch`
   * per batch. Each append keeps its own checks and answer. On by default
   * (`{ maxInFlight: 2, maxBatch: 64 }`); `false` sends every append alone.
   * `alwaysBatch` sends even a lone append as a batch of one (tests).
   */
  groupCommit?: false | { maxInFlight?: number; maxBatch?: number; alwaysBatch?: boolean };
}

/** Group commit's defaults (ADR 0062). */
export const GROUP_COMMIT_DEFAULTS = Object.freeze({ maxInFlight: 2, maxBatch: 64 });

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
export function createPostgresEventStore(
  sql: Sql,
  options: PostgresEventStoreOptions = {},
): EventStore {
  const heads = new HeadCache(options.headCacheSize ?? 10_000);
  return {
    keys: createPostgresKeyVault(sql),
    append: createAppend({
      sql,
      heads,
      maxAttempts: options.maxAttempts ?? 20,
      beforeCommit: options.beforeCommit,
      groupCommit: options.groupCommit === false
        ? null
        : { ...GROUP_COMMIT_DEFAULTS, ...options.groupCommit },
    }),
    readStream: (stream, readOptions) => readStream(sql, heads, stream, readOptions),
    readStreamText: (stream, readOptions) => readStreamText(sql, stream, readOptions),
    readStreamBytes: (stream, readOptions) => readStreamBytes(sql, stream, readOptions),
    streamVersion: (stream) => streamVersion(sql, heads, stream),
    readAll: (readOptions) => readAll(sql, readOptions),
    cursorOf: (position) => cursorOf(sql, position),
    headPosition: () => headPosition(sql),
    streams: (streamsOptions) => streams(sql, streamsOptions),
    idempotentResult: (idem) => idempotentResult(sql, idem),
  };
}
