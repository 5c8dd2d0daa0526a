/**
 * What following access costs a `/live` stream (ADR 0021), against a real
 * PostgreSQL and Valkey:
 *
 * - the session check when a stream opens, on a session refreshed every
 *   15 minutes for a month (2,880 refreshes: only its first and last events
 *   are read);
 * - the periodic session check (default every 60 s): the events appended to
 *   the session and account streams since the last look, usually none;
 * - the access check at a heartbeat (every 15 s) or a change: the group's
 *   access map from the cache (Valkey) or, on a miss, from `rm_access`.
 *
 * Run with `deno bench -A query-api/bench/live_checks_bench.ts` (part of
 * `deno task bench`). Per open stream and minute at the defaults: 4 access
 * checks (hits) and 1 periodic session check.
 */
import { v7 as uuidv7 } from "uuid";
import {
  SESSION_EVENT_SCHEMA_VERSION,
  sessionStream,
  USER_EVENT_SCHEMA_VERSION,
  userStream,
} from "@kopek/domain";
import { createPostgresEventStore, migrate, type NewEvent } from "@kopek/eventstore";
import { accessCacheKey, projectorMigrate } from "@kopek/projector";
import { createLogger, createValkeyBus } from "@kopek/platform";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { watchSession } from "../live/session_watch.ts";
import { accessOf } from "../_http.ts";

const VALKEY = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
const REFRESHES = 2_880;
const PREFIX = "kopek_liveb";

await dropStaleTestDatabases(PREFIX);
const db = await createTestDatabase(PREFIX);
await migrate(db.sql);
await projectorMigrate(db.sql);
const store = createPostgresEventStore(db.sql);
const bus = await createValkeyBus(VALKEY, {
  logger: createLogger({ level: "silent" }),
  prefix: `kopek-bench:${crypto.randomUUID()}:`,
});

const userId = uuidv7();
const sessionId = uuidv7();
const groupId = uuidv7();
const at = "2026-11-01T00:00:00.000Z";
const digest = (i: number) => i.toString(16).padStart(64, "0");
const event = (type: string, schemaVersion: number, data: unknown): NewEvent => ({
  id: uuidv7(),
  type,
  schemaVersion,
  data,
  metadata: { actor: userId, commandId: uuidv7(), at },
});

await store.append({
  stream: userStream(userId),
  expectedVersion: 0,
  events: [event("UserRegistered", USER_EVENT_SCHEMA_VERSION, {
    userId,
    email: "bench@example.com",
    displayName: "Bench",
    passwordHash: "$argon2id$bench",
  })],
});
const sessionEvents = [
  event("SessionStarted", SESSION_EVENT_SCHEMA_VERSION, {
    sessionId,
    userId,
    tokenHash: digest(0),
    startedAt: at,
    expiresAt: "2026-12-01T00:00:00.000Z",
    method: "password",
  }),
];
for (let i = 1; i <= REFRESHES; i++) {
  sessionEvents.push(event("SessionRefreshed", SESSION_EVENT_SCHEMA_VERSION, {
    tokenHash: digest(i),
    expiresAt: "2026-12-01T00:00:00.000Z",
  }));
}
await store.append({ stream: sessionStream(sessionId), expectedVersion: 0, events: sessionEvents });
// A group of six members, the user one of them.
for (let i = 0; i < 6; i++) {
  await db.sql`INSERT INTO rm_access (group_id, member_id, user_id, role, active, revision)
    VALUES (${groupId}, ${uuidv7()}, ${i === 0 ? userId : uuidv7()}, 'member', true, 1)`;
}

const token = { userId, sessionId };
const periodic = watchSession(store, token);
if (await periodic.standing() !== "live") throw new Error("the bench session should be live");

Deno.bench(
  "session check when a stream opens (2,880 refreshes: first and last event)",
  async () => {
    await watchSession(store, token).standing();
  },
);

Deno.bench("periodic session check (nothing appended since)", async () => {
  await periodic.standing();
});

Deno.bench("access check, cached map (Valkey GET)", async (b) => {
  await accessOf({ sql: db.sql, bus }, groupId);
  b.start();
  await accessOf({ sql: db.sql, bus }, groupId);
  b.end();
});

Deno.bench("access check, cache miss (rm_access, then Valkey SET)", async () => {
  await bus.delete(accessCacheKey(groupId));
  await accessOf({ sql: db.sql, bus }, groupId);
});

globalThis.addEventListener("unload", () => {
  // Best effort: the next run drops what is left (dropStaleTestDatabases).
  void bus.close();
});
