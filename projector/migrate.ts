/**
 * The projector's migrations: its checkpoint table (component "projector")
 * and each projection's tables (component "projector.<name>"), then one
 * checkpoint row per projection.
 *
 * @module
 */
import {
  migrate,
  type MigrateOptions,
  migrationsOf,
  type SchemaPart,
  type Sql,
} from "@kopek/platform";
import { PROJECTIONS } from "./projections/mod.ts";

/** The projector's own migrations (the checkpoint table). */
const checkpointMigrations: MigrateOptions = migrationsOf("projector");

/** Options of {@linkcode projectorMigrate}. */
export interface ProjectorMigrateOptions {
  /**
   * Projections whose own migrations are left out (their checkpoint rows are
   * still created): `kopek rebuild` builds them blue/green with every
   * migration instead of altering the live tables in place.
   */
  readonly except?: readonly string[];
}

/**
 * Applies the projector's pending migrations and creates missing checkpoint
 * rows. Idempotent; safe to run from several processes at once.
 */
export async function projectorMigrate(
  sql: Sql,
  options: ProjectorMigrateOptions = {},
): Promise<void> {
  await migrate(sql, checkpointMigrations);
  for (const p of PROJECTIONS) {
    if (options.except?.includes(p.name)) continue;
    await migrate(sql, { component: `projector.${p.name}`, dir: p.migrations });
  }
  await sql`
    INSERT INTO projector_checkpoints (name)
    SELECT unnest(${sql.array(PROJECTIONS.map((p) => p.name), 25)}::text[])
    ON CONFLICT (name) DO NOTHING`;
}

/** The projector's part of the database: checkpoints and every projection's tables. */
export const projectorSchema: SchemaPart = Object.freeze({
  migrations: Object.freeze([
    checkpointMigrations,
    ...PROJECTIONS.map((p) => ({ component: `projector.${p.name}`, dir: p.migrations })),
  ]),
  apply: (sql: Sql) => projectorMigrate(sql),
});
