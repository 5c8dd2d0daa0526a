/**
 * The database a `kopek` command works on: `KOPEK_DATABASE_URL` when set,
 * else the embedded server in the data folder.
 *
 * @module
 */
import type { Logger } from "@kopek/platform";
import { startEmbeddedPostgres } from "./embedded_postgres.ts";

/** An open database and how to let it go. */
export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  /** Stops the embedded server if this command started it (or always, with `force`). */
  close(options?: { force?: boolean }): Promise<void>;
}

/** Opens the configured database, starting the embedded one if needed. */
export async function openDatabase(
  config: { KOPEK_DATABASE_URL?: string; KOPEK_DATA_DIR: string },
  logger: Logger,
): Promise<Database> {
  if (config.KOPEK_DATABASE_URL) {
    return { url: config.KOPEK_DATABASE_URL, embedded: false, close: () => Promise.resolve() };
  }
  const pg = await startEmbeddedPostgres({ dataDir: config.KOPEK_DATA_DIR, logger });
  return {
    url: pg.url,
    embedded: true,
    async close(options = {}) {
      if (options.force || !pg.adopted) await pg.stop();
    },
  };
}
