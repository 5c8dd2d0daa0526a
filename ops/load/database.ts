/**
 * A fresh database of the local PostgreSQL for a load run or a bench row, whose drop at the end
 * may fail without failing the run: a `DROP DATABASE … WITH (FORCE)` waits for every backend of
 * the server to absorb a signal barrier, and on the shared development server one backend stuck
 * sending to a client that no longer reads (another run's) holds every drop past the statement
 * timeout. The database is then left for `dropStaleTestDatabases` of a later run.
 *
 * @module
 */
import { createTestDatabase } from "../../platform/testing/mod.ts";
import type { Sql } from "../../platform/mod.ts";

/** A database for one run. */
export interface RunDatabase extends AsyncDisposable {
  readonly url: string;
  readonly sql: Sql;
}

/** Creates a database named after `prefix`; disposing it drops it, or says why it could not. */
export async function runDatabase(prefix: string, options: { max?: number } = {}): Promise<
  RunDatabase
> {
  const db = await createTestDatabase(prefix, options);
  return {
    url: db.url,
    sql: db.sql,
    async [Symbol.asyncDispose]() {
      try {
        await db[Symbol.asyncDispose]();
      } catch (e) {
        // deno-lint-ignore no-console
        console.error(`left the database ${db.name}: ${e}`);
      }
    },
  };
}
