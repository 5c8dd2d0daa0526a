/**
 * What the command line's commands share: printing a result line to stdout or
 * stderr, and running a task on the database (as the owner for the commands
 * that change the schema), with the services' app role that `migrate` grants to.
 *
 * @module
 */
import { createLogger, databaseUrlRole, loadConfig, type Logger } from "@kopek/platform";
import { MaintenanceConfig } from "./config.ts";
import { openDatabase } from "./database.ts";

/** Writes one line to stdout. */
export function print(line: string) {
  Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
}

/** Writes one line to stderr. */
export function printError(line: string) {
  Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
}

/**
 * Runs a command on the database: as the owner (`KOPEK_MIGRATION_DATABASE_URL`,
 * default `KOPEK_DATABASE_URL`) for `migrate`, `rebuild` and `replay`, else on
 * `KOPEK_DATABASE_URL`; the embedded server when neither is set.
 */
export async function maintenance(
  task: (url: string, log: Logger, config: MaintenanceConfig) => Promise<void>,
  options: { asOwner?: boolean } = {},
) {
  const config = loadConfig(MaintenanceConfig);
  const log = createLogger({ level: config.KOPEK_LOG_LEVEL });
  const url = options.asOwner
    ? config.KOPEK_MIGRATION_DATABASE_URL ?? config.KOPEK_DATABASE_URL
    : config.KOPEK_DATABASE_URL;
  const db = await openDatabase({ ...config, KOPEK_DATABASE_URL: url }, log);
  try {
    await task(db.url, log, config);
  } finally {
    await db.close();
  }
}

/**
 * The services' role that `migrate` grants to: the role of
 * `KOPEK_DATABASE_URL` when `KOPEK_MIGRATION_DATABASE_URL` names another one
 * (one role for both: nothing to grant).
 */
export function appRoleOf(config: MaintenanceConfig): string | undefined {
  if (!config.KOPEK_MIGRATION_DATABASE_URL || !config.KOPEK_DATABASE_URL) return undefined;
  const app = databaseUrlRole(config.KOPEK_DATABASE_URL);
  return app === databaseUrlRole(config.KOPEK_MIGRATION_DATABASE_URL) ? undefined : app;
}
