/**
 * Bringing a service's tables up at start: apply the migrations when the
 * connection may (a single-role setup, as before), else only check that
 * `kopek migrate` applied every one of them and that the connection's role
 * can use every table, and refuse to start otherwise. The app role of a
 * two-role setup never tries DDL. See ADR 0022.
 *
 * @module
 */
import type { Sql } from "../db.ts";
import type { Logger } from "../logger.ts";
import type { ReadinessCheck } from "../http/health.ts";
import { type MigrateOptions, pendingMigrations } from "./migrate.ts";
import { appRoleProblems, connectionMayMigrate, quoteRole } from "./roles.ts";

/** A package's share of the database: its migration folders and how to apply them. */
export interface SchemaPart {
  /** The migration folders it applies (a start without the right to migrate checks them). */
  readonly migrations: readonly MigrateOptions[];
  /** Applies them and whatever rows they need; idempotent, safe from several processes at once. */
  apply(sql: Sql): Promise<void>;
}

/** The database is not ready for a service that may not migrate it. */
export class SchemaNotReadyError extends Error {
  override name = "SchemaNotReadyError";
}

/** How many names a message lists before it says "and N more". */
const LISTED = 5;

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(", ");
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}

/** Applies the parts' migrations in order (the owner's side of {@linkcode prepareSchema}). */
export async function migrateSchema(sql: Sql, parts: readonly SchemaPart[]): Promise<void> {
  for (const part of parts) await part.apply(sql);
}

/**
 * Gets the database ready for a service: when the connection may migrate
 * (superuser, or the schema's owner) it applies the parts' migrations, as
 * every start did before two roles existed; otherwise it only reads, and
 * throws {@linkcode SchemaNotReadyError} naming `kopek migrate` when a
 * migration is missing or changed, or when the role cannot use a table.
 * More privileges than the services need are logged as a warning.
 *
 * @example
 * ```ts
 * await prepareSchema(sql, [eventStoreSchema, ratesSchema], logger);
 * ```
 */
export async function prepareSchema(
  sql: Sql,
  parts: readonly SchemaPart[],
  logger?: Logger,
): Promise<"migrated" | "checked"> {
  if (await connectionMayMigrate(sql)) {
    await migrateSchema(sql, parts);
    return "migrated";
  }
  const [{ role }] = await sql<{ role: string }[]>`SELECT current_user AS role`;
  const who = `role ${quoteRole(role)}`;
  // Without SELECT on the bookkeeping the privileges' check below says so.
  const [{ readable }] = await sql<{ readable: boolean }[]>`
    SELECT to_regclass('schema_migrations') IS NULL
        OR has_table_privilege('schema_migrations', 'SELECT') AS readable`;
  const pending = readable ? await pendingMigrations(sql, parts.flatMap((p) => p.migrations)) : [];
  if (pending.length > 0) {
    throw new SchemaNotReadyError(
      `the database is not migrated: ${pending.length} migration(s) not applied ` +
        `(${listed(pending)}), and ${who} does not own the schema, so it may not apply them: ` +
        "run `kopek migrate` as the owner role (KOPEK_MIGRATION_DATABASE_URL), " +
        "see docs/operations.md#database-roles",
    );
  }
  const problems = await appRoleProblems(sql, role);
  const missing = problems.filter((p) => p.kind === "missing").map((p) => p.message);
  if (missing.length > 0) {
    throw new SchemaNotReadyError(
      `${who} lacks privileges the services need (${listed(missing)}): run \`kopek migrate\` ` +
        "with KOPEK_MIGRATION_DATABASE_URL (the owner) and KOPEK_DATABASE_URL (this role), " +
        "which grants them, see docs/operations.md#database-roles",
    );
  }
  const excess = problems.filter((p) => p.kind === "excess").map((p) => p.message);
  if (excess.length > 0) {
    logger?.warn({ problems: excess }, "the database role has more privileges than it needs");
  }
  return "checked";
}

/**
 * {@linkcode prepareSchema} for a service's entry point: a database that is
 * not ready prints the reason and exits 78 (EX_CONFIG), like a bad variable.
 */
export async function prepareSchemaOrExit(
  sql: Sql,
  parts: readonly SchemaPart[],
  logger: Logger,
): Promise<void> {
  try {
    const how = await prepareSchema(sql, parts, logger);
    logger.debug({ schema: how }, "database ready");
  } catch (e) {
    if (!(e instanceof SchemaNotReadyError)) throw e;
    logger.fatal(e.message);
    Deno.stderr.writeSync(new TextEncoder().encode(e.message + "\n"));
    await sql.end({ timeout: 5 });
    Deno.exit(78);
  }
}

/**
 * The `/readyz` check of a service's tables: every migration of its parts is
 * applied, unchanged (a database restored from an older backup, or a start
 * that skipped `kopek migrate`, fails it). Migrations the service does not
 * know (a newer release migrated first) do not.
 */
export function schemaReadinessCheck(sql: Sql, parts: readonly SchemaPart[]): ReadinessCheck {
  const sets = parts.flatMap((p) => p.migrations);
  return {
    name: "migrations",
    check: async () => {
      const pending = await pendingMigrations(sql, sets);
      return pending.length === 0
        ? { ok: true }
        : { ok: false, detail: `not applied: ${listed(pending)} (kopek migrate)` };
    },
  };
}
