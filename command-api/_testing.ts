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

/** An answer: status, headers and the parsed JSON body. */
export interface TestAnswer {
  readonly status: number;
  readonly headers: Headers;
  // deno-lint-ignore no-explicit-any
  readonly body: Record<string, any>;
  /** The body's text as sent. */
  readonly text: string;
}

/** A registered user and a way to send requests as them. */
export interface TestUser {
  readonly id: string;
  readonly token: string;
  send(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestAnswer>;
}

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

  async function request(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
    via: Hono = app,
  ): Promise<TestAnswer> {
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    if (body !== undefined) h["content-type"] = "application/json";
    const res = await via.request(path, {
      method,
      headers: h,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {}, text };
  }

  return {
    app,
    store,
    sql: db.sql,
    url: db.url,
    async user(name) {
      const reg = await request(null, "POST", "/v1/auth/register", {
        email: `${name.toLowerCase()}-${crypto.randomUUID()}@example.com`,
        password: "correct horse battery staple",
        displayName: name,
      });
      if (reg.status !== 201) throw new Error(`register ${name}: ${reg.status} ${reg.text}`);
      const token = reg.body.token as string;
      return {
        id: reg.body.user.id as string,
        token,
        send: (method, path, body, headers) => request(token, method, path, body, headers),
      };
    },
    instance(now) {
      const other = createCommandApi({
        ...appOptions,
        store: createPostgresEventStore(appSql),
        now,
      });
      return {
        send: (user, method, path, body) => request(user.token, method, path, body, {}, other),
      };
    },
    async [Symbol.asyncDispose]() {
      if (appSql !== db.sql) await appSql.end({ timeout: 1 });
      await db[Symbol.asyncDispose]();
    },
  };
}
