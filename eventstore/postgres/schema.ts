/**
 * The event store's part of the database: `events`, `command_log` and
 * `kopek_append`, through platform's migration runner (platform/schema).
 *
 * @module
 */
import {
  migrate as runMigrations,
  type MigrateOptions,
  migrationsOf,
  type SchemaPart,
  type Sql,
} from "@kopek/platform";

/** The event store's own migrations (`eventstore/postgres/migrations`). */
export const eventStoreMigrations: Readonly<MigrateOptions> = migrationsOf("eventstore");

/**
 * Applies a component's pending migrations (platform's `migrate`), the event
 * store's when no folder is given.
 *
 * @example
 * ```ts
 * await migrate(sql); // the event store's tables
 * ```
 */
export function migrate(
  sql: Sql,
  options: MigrateOptions = eventStoreMigrations,
): Promise<void> {
  return runMigrations(sql, options);
}

/** The event store's part: `events`, `command_log` and `kopek_append`. */
export const eventStoreSchema: SchemaPart = Object.freeze({
  migrations: Object.freeze([eventStoreMigrations]),
  apply: (sql: Sql) => migrate(sql),
});
