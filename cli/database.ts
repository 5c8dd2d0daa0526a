/**
 * The database a `kopek` command works on: `KOPEK_DATABASE_URL` when set,
 * else the embedded server in the data folder.
 *
 * @module
 */
import type { Logger } from "@kopek/platform";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded_postgres.ts";

/** An open database and how to let it go. */
export interface Database {
  readonly url: string;
  readonly embedded: boolean;
  /** The embedded server (to supervise it, and watch its volumes), else null. */
  readonly server: EmbeddedPostgres | null;
  /**
   * Stops the embedded server if this command started it (or always, with
   * `force`); ends its supervision in any case.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/** Opens the configured database, starting the embedded one if needed. */
export async function openDatabase(
  config: { KOPEK_DATABASE_URL?: string; KOPEK_DATA_DIR: string },
  logger: Logger,
): Promise<Database> {
  if (config.KOPEK_DATABASE_URL) {
    return {
      url: config.KOPEK_DATABASE_URL,
      embedded: false,
      server: null,
      close: () => Promise.resolve(),
    };
  }
  const pg = await startEmbeddedPostgres({ dataDir: config.KOPEK_DATA_DIR, logger });
  return {
    url: pg.url,
    embedded: true,
    server: pg,
    async close(options = {}) {
      if (options.force || !pg.adopted) await pg.stop();
      else await pg.release();
    },
  };
}
