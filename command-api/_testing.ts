/**
 * Test helpers: the command API on a throwaway, migrated database, driven
 * in memory through `app.request` (no port), with registered users.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import { createPostgresEventStore, type EventStore, migrate } from "@kopek/eventstore";
import {
  connect,
  createCodeMinter,
  createLogger,
  createTokenIssuer,
  type Sql,
} from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import type { Hono } from "hono";
import { createCommandApi } from "./app.ts";
import type { CommandApiDeps } from "./deps.ts";
import { registerUser, requestApp, type TestAnswer, type TestUser } from "./_testing_client.ts";

export type { TestAnswer, TestUser } from "./_testing_client.ts";

/** The command API on a fresh database. */
export interface TestCommandApi extends AsyncDisposable {
  readonly app: Hono;
  readonly store: EventStore;
  readonly sql: Sql;
  /** The database's URL (for a second connection, e.g. one that holds a lock). */
  readonly url: string;
  /** Registers a user (a unique email) and answers a client acting as them. */
  user(name: string): Promise<TestUser>;
  /**
   * Another instance of the command API on the same database (its own event
   * store adapter, so its own head cache, and its own clock), e.g. one whose
   * clock is behind; `send` acts as `user` through it.
   */
  instance(now: () => Date): {
    send(user: TestUser, method: string, path: string, body?: unknown): Promise<TestAnswer>;
  };
}

/** Options of {@linkcode createTestCommandApi}. */
export interface TestCommandApiOptions {
  /** Dependencies to override (e.g. `writeTimeoutMs`). */
  readonly deps?: Partial<CommandApiDeps>;
  /**
   * Rewrites the database URL the app's own pool uses (e.g. to go through a
   * TCP proxy); `sql` stays a direct pool for the test's own checks.
   */
  readonly appUrl?: (url: string) => string;
}

/** Creates the command API on a fresh database; dispose it to drop the database. */
export async function createTestCommandApi(
  options: TestCommandApiOptions = {},
): Promise<TestCommandApi> {
  const db = await createTestDatabase("kopek_cmd");
  try {
    await migrate(db.sql);
  } catch (e) {
    await db[Symbol.asyncDispose]();
    throw e;
  }
  const appSql = options.appUrl ? connect(options.appUrl(db.url), { max: 10 }) : db.sql;
  const store = createPostgresEventStore(appSql);
  const appOptions = {
    store,
    tokens: createTokenIssuer({ secret: "command-api-test-secret-0123456789abcdef" }),
    codes: createCodeMinter("c".repeat(40)),
    logger: createLogger({ level: "silent" }),
    now: () => new Date(),
    newId: uuidv7,
    passwordCost: { memoryKiB: 1024, iterations: 1 },
    rateLimiter: null,
    ...options.deps,
  };
  const app = createCommandApi(appOptions);

  return {
    app,
    store,
    sql: db.sql,
    url: db.url,
    user: (name) => registerUser(app, name),
    instance(now) {
      const other = createCommandApi({
        ...appOptions,
        store: createPostgresEventStore(appSql),
        now,
      });
      return {
        send: (user, method, path, body) => requestApp(other, user.token, method, path, body),
      };
    },
    async [Symbol.asyncDispose]() {
      if (appSql !== db.sql) await appSql.end({ timeout: 1 });
      await db[Symbol.asyncDispose]();
    },
  };
}
