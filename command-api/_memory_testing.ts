/**
 * Test helpers: the command API over the in-memory event store, driven
 * through `app.request`: unit tests of the write side without PostgreSQL.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import { createMemoryEventStore, type EventStore } from "@kopek/eventstore";
import {
  createCodeMinter,
  createLogger,
  createTokenIssuer,
  type SessionsEnded,
} from "@kopek/platform";
import type { Hono } from "hono";
import { createCommandApi } from "./app.ts";
import type { CommandApiDeps } from "./deps.ts";
import { registerUser, type TestUser } from "./_testing_client.ts";

export { requestApp, type TestAnswer, type TestUser } from "./_testing_client.ts";

/** The command API on an empty in-memory store. */
export interface MemoryCommandApi {
  readonly app: Hono;
  readonly store: EventStore;
  /** Every `onSessionsEnded` call, in order. */
  readonly ended: SessionsEnded[];
  /** Registers a user (a unique email) and answers a client acting as them. */
  user(name: string): Promise<TestUser>;
}

/** The command side's dependencies over a fresh in-memory store, for tests; `deps` overrides them. */
export function memoryDeps(deps: Partial<CommandApiDeps> = {}): CommandApiDeps {
  return {
    store: createMemoryEventStore(),
    tokens: createTokenIssuer({ secret: "command-api-test-secret-0123456789abcdef" }),
    codes: createCodeMinter("c".repeat(40)),
    logger: createLogger({ level: "silent" }),
    now: () => new Date(),
    newId: uuidv7,
    passwordCost: { memoryKiB: 1024, iterations: 1 },
    rateLimiter: null,
    ...deps,
  };
}

/** Creates the command API over a fresh in-memory store; `deps` overrides dependencies. */
export function createMemoryCommandApi(deps: Partial<CommandApiDeps> = {}): MemoryCommandApi {
  const ended: SessionsEnded[] = [];
  const full = memoryDeps({ onSessionsEnded: (e) => ended.push(e), ...deps });
  const app = createCommandApi(full);
  return { app, store: full.store, ended, user: (name) => registerUser(app, name) };
}
