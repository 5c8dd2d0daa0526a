/**
 * `kopek replay --until`: every read model as the ledger stood at an instant,
 * built into a schema of its own for an auditor to query with psql (`SET
 * search_path TO kopek_asof_…, public`). The build machinery of blue/green
 * rebuilds, without the swap: the live read models are never touched.
 *
 * "As the ledger stood at an instant" keeps the group events whose
 * `metadata.at` is at or before it, as `GET /v1/groups/{g}/balances?asOf=`
 * does: `at` is when the command that caused the event was decided, is part
 * of the hashed event (so `verify` vouches for it) and is what the API calls
 * an event's time. The log's order is not time order (positions are handed
 * out before commit), `recorded_at` is neither hashed nor exported, and an
 * expense's `date` is the day the user says it happened (it can be
 * backdated), not when the ledger learnt of it.
 *
 * A stream a projection cannot apply is quarantined in the schema's own
 * `projector_quarantine` (ADR 0016): the replay goes on without it, and the
 * table tells the auditor which groups the read models leave out from where.
 *
 * @module
 */
import {
  type BuildOptions,
  type BuildTarget,
  createBuildSchema,
  dropBuildIfOwned,
  isSchemaName,
  liveSchema,
  quoteIdent,
  replayIntoBuilds,
  schemaKind,
} from "./build.ts";
import { decidedBy } from "@kopek/domain";
import type { Projection } from "./projection.ts";
import { PROJECTIONS } from "./projections/mod.ts";

/** Options of {@linkcode replayUntil}. */
export interface ReplayOptions extends BuildOptions {
  /** Keep the events decided at or before this instant. */
  readonly until: Date;
  /** The schema to build into (default {@linkcode asOfSchemaName}). */
  readonly schema?: string;
  /** The projections to build (default: all of them). */
  readonly projections?: readonly Projection[];
}

/** What a replay built. */
export interface ReplayResult {
  readonly schema: string;
  /** Events read from the log. */
  readonly events: number;
  /** Group events applied (those at or before the instant). */
  readonly applied: number;
  /** The tables built, unqualified. */
  readonly tables: readonly string[];
  /** Streams quarantined in the schema's `projector_quarantine` (one row per projection). */
  readonly quarantined: number;
}

/** A schema name or an instant the replay refuses. */
export class ReplayError extends Error {
  override name = "ReplayError";
}

/**
 * The default schema of a replay: `kopek_asof_` and the instant in UTC,
 * e.g. `kopek_asof_20260331t235959z` (milliseconds only when not zero).
 */
export function asOfSchemaName(until: Date): string {
  const iso = until.toISOString().replace(".000Z", "Z");
  return `kopek_asof_${iso.replace(/[-:.]/g, "").toLowerCase()}`;
}

/**
 * Builds every read model as of `until` into a schema. A schema of that name
 * left by an earlier replay (it holds `kopek_build_state`) is replaced; any
 * other schema of that name is refused, as is `public` or a name that is not
 * a plain lower-case identifier.
 *
 * @example
 * ```ts
 * const { schema } = await replayUntil({ sql, store, logger, until: new Date("2026-03-31T23:59:59Z") });
 * // SET search_path TO kopek_asof_20260331t235959z, public; SELECT * FROM rm_balances;
 * ```
 */
export async function replayUntil(options: ReplayOptions): Promise<ReplayResult> {
  const { sql } = options;
  const limit = options.until.getTime();
  if (!Number.isFinite(limit)) throw new ReplayError("the instant is not a valid date-time");
  const schema = options.schema ?? asOfSchemaName(options.until);
  if (!isSchemaName(schema) || schema.startsWith("pg_")) {
    throw new ReplayError(
      `schema ${JSON.stringify(schema)} must be lower-case letters, digits and _ (at most 63)`,
    );
  }
  const live = await liveSchema(sql);
  if (schema === live.schema || schema === "public") {
    throw new ReplayError(`schema ${schema} holds the live read models`);
  }
  // A rebuild's schemas hold the same bookkeeping table as a replay's: never replace one.
  if (schema.startsWith("kopek_build_") || schema.startsWith("kopek_retired_")) {
    throw new ReplayError(`schema ${schema} belongs to blue/green rebuilds: choose another`);
  }
  const kind = await schemaKind(sql, schema);
  if (kind === "other") {
    throw new ReplayError(`schema ${schema} exists and is not a Kopek replay: choose another`);
  }
  const projections = options.projections ?? PROJECTIONS;
  const target: BuildTarget = { schema, projections, migrations: [] };
  const owner = crypto.randomUUID();
  await createBuildSchema(sql, target, owner);
  let applied = 0;
  try {
    const replayed = await replayIntoBuilds(options, live, [target], owner, (e) => {
      const keep = decidedBy(e.at, limit);
      if (keep) applied++;
      return keep;
    });
    const comment = `Kopek read models as of ${options.until.toISOString()}: the group events ` +
      `whose metadata.at is at or before it, of the log through position ${
        replayed.cursor?.position ?? 0
      }`;
    await sql.unsafe(`COMMENT ON SCHEMA ${quoteIdent(schema)} IS '${comment}'`);
    const [{ n }] = await sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM ${sql(schema)}.projector_quarantine`;
    return {
      schema,
      events: replayed.events,
      applied,
      tables: projections.flatMap((p) => p.tables),
      quarantined: n,
    };
  } catch (e) {
    await dropBuildIfOwned(sql, schema, owner).catch(() => {});
    throw e;
  }
}
