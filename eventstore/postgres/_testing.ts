/**
 * Test helpers: a migrated throwaway database with an event store on it.
 *
 * @module
 */
import { connect, type Sql } from "@kopek/platform";
import { createTestDatabase, type TestDatabase } from "@kopek/platform/testing";
import type { EventStore } from "../port.ts";
import { createPostgresEventStore, type PostgresEventStoreOptions } from "./adapter.ts";
import { migrate } from "./schema.ts";

/** A migrated test database, a store on it, and helpers to open more pools. */
export interface StoreDatabase extends AsyncDisposable {
  /** The database. */
  readonly db: TestDatabase;
  /** A store on the database's own pool. */
  readonly store: EventStore;
  /** Opens another pool on the database, closed on dispose. */
  pool(max?: number, query?: string): Sql;
}

/** Creates a fresh database with the event store's migrations applied. */
export async function createStoreDatabase(
  options: PostgresEventStoreOptions = {},
): Promise<StoreDatabase> {
  const db = await createTestDatabase("kopek_es", { max: 32 });
  const pools: Sql[] = [];
  try {
    await migrate(db.sql);
  } catch (e) {
    await db[Symbol.asyncDispose]();
    throw e;
  }
  return {
    db,
    store: createPostgresEventStore(db.sql, options),
    pool(max = 1, query = "") {
      const sql = connect(db.url + query, { max, applicationName: "kopek-eventstore-test" });
      pools.push(sql);
      return sql;
    },
    async [Symbol.asyncDispose]() {
      await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
      await db[Symbol.asyncDispose]();
    },
  };
}
