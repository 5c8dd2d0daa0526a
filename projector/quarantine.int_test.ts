/**
 * Fault isolation (ADR 0016) against real PostgreSQL: poison events written
 * straight into the log among thousands of good ones from concurrent writers
 * (two runners competing) quarantine their streams, per projection, while
 * every other group ends exact and nothing else lags; errors about the
 * environment (a backend terminated mid-batch, a lock held past a timeout)
 * quarantine nothing;
 * retry after a fix and skip apply in order; rebuilds and replays isolate
 * the same way.
 */
import assert from "node:assert/strict";
import { createPostgresEventStore, type EventStore } from "@kopek/eventstore";
import { connect, createLogger, type Sql, type TransactionSql } from "@kopek/platform";
import { createProjector } from "./projector.ts";
import { readCheckpoints } from "./checkpoints.ts";
import type { Projection } from "./projection.ts";
import { PROJECTION_NAMES, PROJECTIONS } from "./projections/mod.ts";
import { balancesProjection } from "./projections/balances/apply.ts";
import { groupAccess } from "./projections/access/queries.ts";
import { listQuarantine, quarantineSummary } from "./quarantine.ts";
import {
  listSkipped,
  QuarantineError,
  retryQuarantined,
  skipQuarantined,
} from "./quarantine_remedies.ts";
import { rebuildProjections } from "./rebuild.ts";
import { replayUntil } from "./replay.ts";
import { projectorReadinessCheck } from "./readiness.ts";
import { createSimGroup, nextEvents, rng, type SimGroup, toNewEvents } from "./testing/builder.ts";
import {
  appendOverflow,
  appendUnrecorded,
  appendWithAt,
  unreadableEvent,
} from "./testing/poison.ts";
import {
  appendTo,
  assertReadModels,
  drain,
  type ProjectorTestEnv,
  projectorTestEnv,
  quietLogger,
  waitApplied,
} from "./testing/setup.ts";

const ALL = [...PROJECTION_NAMES].sort();

/** A pool of its own on the test database. */
function ownPool(url: string, applicationName?: string): Sql {
  return connect(url, { max: 4, applicationName });
}

/**
 * Runs rounds until one fails, and answers its error (a round applies nothing
 * while another transaction of the server holds the log's horizon back).
 */
async function failingRound(
  projector: { runOnce(): Promise<number> },
): Promise<Error & { code?: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const failed = await projector.runOnce().then(() => null, (e) => e);
    if (failed) return failed;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no round failed in time");
}

/** Creates `n` groups and appends their creation. */
async function newGroups(store: EventStore, n: number, members = 3): Promise<SimGroup[]> {
  const groups: SimGroup[] = [];
  for (let i = 0; i < n; i++) {
    const { group, events } = createSimGroup({ members });
    await store.append({
      stream: group.stream,
      expectedVersion: 0,
      events: toNewEvents(events, group.ownerUserId),
    });
    groups.push(group);
  }
  return groups;
}

/** Appends `n` random valid operations to each group; answers the last position. */
async function writeSome(store: EventStore, groups: SimGroup[], n: number, seed: number) {
  const random = rng(seed);
  let last = 0;
  for (let i = 0; i < n; i++) {
    for (const g of groups) last = Math.max(last, await appendTo(store, g, nextEvents(g, random)));
  }
  return last;
}

/** The quarantine as `projection stream position` triples, sorted. */
async function quarantined(sql: Sql) {
  return (await listQuarantine(sql)).map((q) => `${q.projection} ${q.stream} ${q.position}`)
    .sort();
}

function rows(entries: [string[], SimGroup, number][]) {
  return entries.flatMap(([names, g, position]) =>
    names.map((name) => `${name} ${g.stream} ${position}`)
  ).sort();
}

/** The three poisons of the issue, each in its own group; answers where each stopped. */
async function poisonThree(store: EventStore, [a, b, c]: SimGroup[], random: () => number) {
  const at2026 = await appendWithAt(store, a, random, "2026");
  await appendOverflow(store, b);
  const overflow = await appendOverflow(store, b);
  const unreadable = await appendUnrecorded(store, c, [unreadableEvent()]);
  return { at2026, overflow, unreadable };
}

/** A logger that keeps its lines (JSON objects). */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}

const WRITERS = 8;
const APPENDS = 500;
const GROUPS_PER_WRITER = 6;

Deno.test({
  name: "createProjector() quarantines poison streams among 8 concurrent writers and keeps " +
    "every other group exact and current",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using env = await projectorTestEnv();
    // Two runners compete for every projection, each on its own pool.
    const projectorSql = ownPool(env.db.url);
    const otherSql = ownPool(env.db.url);
    const { logger, lines } = capturingLogger();
    const projector = createProjector({
      sql: projectorSql,
      store: createPostgresEventStore(projectorSql),
      logger,
      batchSize: 300,
      idleMs: 5,
      errorBackoffMs: 20,
    });
    const other = createProjector({
      sql: otherSql,
      store: createPostgresEventStore(otherSql),
      logger,
      batchSize: 700,
      idleMs: 5,
      errorBackoffMs: 20,
    });
    projector.start();
    other.start();
    const progress = { appended: 0 };
    const poisoned: SimGroup[] = [];
    const stops: Record<string, number> = {};

    async function writer(w: number) {
      const random = rng(7_000 + w);
      const groups = await newGroups(env.store, GROUPS_PER_WRITER, 2 + (w % 3));
      let last = 0;
      for (let i = GROUPS_PER_WRITER; i < APPENDS; i++) {
        // Three writers poison their first group part way, then keep writing to it.
        if (i === 150 && w < 3) {
          const target = groups[0];
          if (w === 0) stops.at2026 = await appendWithAt(env.store, target, random, "2026");
          if (w === 1) {
            await appendOverflow(env.store, target);
            stops.overflow = await appendOverflow(env.store, target);
          }
          if (w === 2) {
            stops.unreadable = await appendUnrecorded(env.store, target, [unreadableEvent()]);
          }
          poisoned[w] = target;
        }
        // The "2026" group gets nothing after its poison: the groups read model would not
        // write that updated_at if a later event of the group came in the same batch.
        const open = w === 0 && poisoned[0] ? groups.slice(1) : groups;
        const g = open[Math.floor(random() * open.length)];
        last = Math.max(last, await appendTo(env.store, g, nextEvents(g, random)));
        progress.appended++;
      }
      return { groups, last };
    }

    const results = await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    const head = await env.store.headPosition();
    try {
      await waitApplied(env.sql, head, 120_000);
    } finally {
      await Promise.all([projector.stop(), other.stop()]);
      await Promise.all([projectorSql.end({ timeout: 5 }), otherSql.end({ timeout: 5 })]);
    }
    assert.ok(WRITERS * APPENDS >= 4_000 && progress.appended > 3_900);

    const [a, b, c] = poisoned;
    const healthy = results.flatMap((r) => r.groups).filter((g) => !poisoned.includes(g));
    assert.equal(healthy.length, WRITERS * GROUPS_PER_WRITER - 3);
    await assertReadModels(env.sql, healthy);
    // Exactly the poisoned streams, for the projections that could not apply them.
    assert.deepEqual(
      await quarantined(env.sql),
      rows([
        [["expenses", "groups"], a, stops.at2026],
        [["balances"], b, stops.overflow],
        [ALL, c, stops.unreadable],
      ]),
    );
    const entries = await listQuarantine(env.sql);
    for (const q of entries) {
      const expected = q.stream === a.stream ? "22007" : q.stream === b.stream ? "22003" : null;
      assert.equal(q.sqlstate, expected, `${q.projection} ${q.stream}: ${q.error}`);
      assert.equal(q.attempts, 1);
      if (q.stream === c.stream) assert.match(q.error, /ZodError|expected string/);
    }
    // The group whose access read model is quarantined fails closed (null: nobody's access can
    // be read from it); the others answer their members.
    assert.equal(await groupAccess(env.sql, c.groupId), null);
    assert.notEqual(await groupAccess(env.sql, a.groupId), null);
    assert.ok(Object.keys((await groupAccess(env.sql, healthy[0].groupId))!).length > 0);
    // Nothing lags: every checkpoint at the head.
    for (const cp of await readCheckpoints(env.sql)) {
      assert.equal(cp.cursor?.position, head, `checkpoint of ${cp.name}`);
    }
    // One log line at error per quarantined stream and projection.
    const logged = lines.filter((l) => l.msg?.toString().startsWith("stream quarantined"));
    assert.deepEqual(
      logged.map((l) => `${l.projection} ${l.stream} ${l.position}`).sort(),
      await quarantined(env.sql),
    );
    assert.ok(logged.every((l) => l.level === "error" && typeof l.error === "string"));
    assert.deepEqual(await quarantineSummary(env.sql), {
      streams: 3,
      // The unreadable event everywhere, plus "2026" (groups, expenses) and the overflow (balances).
      byProjection: Object.fromEntries(
        ALL.map((name) => [name, ["groups", "expenses", "balances"].includes(name) ? 2 : 1]),
      ),
    });
  },
});

Deno.test("createProjector() runOnce(): an event that does not parse quarantines its stream for every projection, the events before it are applied", async () => {
  await using env = await projectorTestEnv();
  const projector = createProjector({ sql: env.sql, store: env.store, logger: quietLogger() });
  const [good, bad] = await newGroups(env.store, 2);
  await writeSome(env.store, [good, bad], 5, 1);
  const before = bad.version;
  const badAt = await appendUnrecorded(env.store, bad, [unreadableEvent()]);
  // Later events of the quarantined stream, and the healthy group's, in the same batches.
  const last = await writeSome(env.store, [good, bad], 5, 2);
  await drain(projector, env.sql, last);
  assert.deepEqual(await quarantined(env.sql), rows([[ALL, bad, badAt]]));
  await assertReadModels(env.sql, [good]);
  // The quarantined group's read models stopped before the bad event.
  const [{ version }] = await env.sql<{ version: number }[]>`
    SELECT version FROM rm_groups WHERE group_id = ${bad.groupId}`;
  assert.equal(version, before);
  // Readiness names it, and stays ok.
  const check = await projectorReadinessCheck({ sql: env.sql, store: env.store }).check();
  assert.deepEqual(check, {
    ok: true,
    detail: "lag 0 events; 1 stream quarantined (kopek quarantine list)",
  });
  // The in-place reset starts the read model and its quarantine over; it stops at the same event.
  await projector.rebuild("groups");
  assert.deepEqual(
    await quarantined(env.sql),
    rows([[ALL.filter((n) => n !== "groups"), bad, badAt]]),
  );
  await drain(projector, env.sql, last);
  assert.deepEqual(await quarantined(env.sql), rows([[ALL, bad, badAt]]));
  await assertReadModels(env.sql, [good]);
});

/**
 * Balances whose backend dies mid-batch: when `gate.armed`, it applies the
 * first half of the batch, then its backend is terminated while a statement
 * of the batch runs.
 */
function balancesKilledMidBatch(killer: Sql, gate: { armed: boolean; killed: number }) {
  const wrapped: Projection = {
    ...balancesProjection,
    async apply(tx: TransactionSql, events) {
      if (!gate.armed || events.length < 2) return await balancesProjection.apply(tx, events);
      gate.armed = false;
      const half = Math.floor(events.length / 2);
      await balancesProjection.apply(tx, events.slice(0, half));
      const [{ pid }] = await tx<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
      const running = tx`SELECT pg_sleep(30)`.execute();
      running.catch(() => {}); // awaited below
      gate.killed++;
      await killer`SELECT pg_terminate_backend(${pid})`;
      await running;
      await balancesProjection.apply(tx, events.slice(half));
    },
  };
  return PROJECTIONS.map((p) => p.name === "balances" ? wrapped : p);
}

Deno.test({
  name:
    "createProjector(): a backend terminated mid-batch quarantines nothing and the batch is applied after",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using env = await projectorTestEnv();
    const groups = await newGroups(env.store, 6);
    const last = await writeSome(env.store, groups, 20, 3);
    const projectorSql = ownPool(env.db.url);
    const gate = { armed: true, killed: 0 };
    try {
      const projector = createProjector({
        sql: projectorSql,
        store: createPostgresEventStore(projectorSql),
        logger: quietLogger(),
        projections: balancesKilledMidBatch(env.sql, gate),
        errorBackoffMs: 20,
      });
      const failed = await failingRound(projector);
      assert.equal(gate.killed, 1, String(failed));
      assert.ok(
        ["57P01", "CONNECTION_CLOSED", "ECONNRESET"].includes(failed.code ?? ""),
        `${failed.code}: ${failed.message}`,
      );
      assert.deepEqual(await listQuarantine(env.sql), []);
      const [balances] = await readCheckpoints(env.sql, ["balances"]);
      assert.equal(balances.cursor, null, "the balances batch was rolled back");
      // The running loop retries after a backoff (a round may fail once more on the
      // reconnected connection: postgres.js 3.4.9 reports the dead backend's error again).
      projector.start();
      try {
        await waitApplied(env.sql, last);
      } finally {
        await projector.stop();
      }
      assert.deepEqual(await listQuarantine(env.sql), []);
      await assertReadModels(env.sql, groups);
    } finally {
      await projectorSql.end({ timeout: 5 });
    }
  },
});

/**
 * A pool whose transactions start with `SET LOCAL setting = value`: a
 * timeout for the projector's batches alone, which also holds through
 * PgBouncer in transaction mode (CI's second pass), where a setting of new
 * server connections would not reach a pool's connections.
 */
function withLocal(sql: Sql, setting: string, value: string): Sql {
  const begin = (...args: unknown[]) => {
    const fn = args.at(-1) as (tx: TransactionSql) => unknown;
    return (sql.begin as (...a: unknown[]) => Promise<unknown>)(
      ...args.slice(0, -1),
      async (tx: TransactionSql) => {
        await tx.unsafe(`SET LOCAL ${setting} = '${value}'`);
        return await fn(tx);
      },
    );
  };
  return new Proxy(sql, { get: (t, p) => (p === "begin" ? begin : Reflect.get(t, p)) });
}

/**
 * A lock held past a timeout (`setting`) makes the projector's round fail
 * with `code`, quarantines nothing, and the batch is applied once the lock is
 * released.
 */
async function lockTimeoutCase(setting: string, value: string, code: string) {
  await using env = await projectorTestEnv();
  const groups = await newGroups(env.store, 4);
  const last = await writeSome(env.store, groups, 10, 4);
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => locked = r);
  const holder = env.sql.begin(async (tx) => {
    await tx`LOCK TABLE rm_balances IN ACCESS EXCLUSIVE MODE`;
    locked();
    await released;
  });
  await isLocked;
  try {
    const projector = createProjector({
      sql: withLocal(env.sql, setting, value),
      store: env.store,
      logger: quietLogger(),
    });
    const failed = await failingRound(projector);
    assert.equal(failed.code, code, String(failed));
    assert.deepEqual(await listQuarantine(env.sql), [], setting);
    const [balances] = await readCheckpoints(env.sql, ["balances"]);
    assert.equal(balances.cursor, null, "the balances batch was rolled back");
  } finally {
    release();
    await holder;
  }
  const projector = createProjector({ sql: env.sql, store: env.store, logger: quietLogger() });
  await drain(projector, env.sql, last);
  assert.deepEqual(await listQuarantine(env.sql), []);
  await assertReadModels(env.sql, groups);
}

Deno.test({
  name:
    "createProjector(): a lock held past lock_timeout quarantines nothing, and the batch is applied once it is released",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () => lockTimeoutCase("lock_timeout", "200ms", "55P03"),
});

Deno.test({
  name:
    "createProjector(): a lock held past statement_timeout quarantines nothing, and the batch is applied once it is released",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: () => lockTimeoutCase("statement_timeout", "200ms", "57014"),
});

/** Balances with a bug: it throws on expenses described "Trigger" while `bug.on`. */
function buggyBalances(bug: { on: boolean }) {
  const wrapped: Projection = {
    ...balancesProjection,
    async apply(tx, events) {
      if (bug.on) {
        for (const e of events) {
          if ("description" in e.event.data && e.event.data.description === "Trigger") {
            throw new TypeError("cannot read properties of undefined (reading 'paid')");
          }
        }
      }
      await balancesProjection.apply(tx, events);
    },
  };
  return PROJECTIONS.map((p) => p.name === "balances" ? wrapped : p);
}

Deno.test("retryQuarantined() after a fixed release applies the stream's skipped events in order and lifts the quarantine; failing again it counts the attempt", async () => {
  await using env = await projectorTestEnv();
  const bug = { on: true };
  const projections = buggyBalances(bug);
  const projector = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    projections,
    batchSize: 7,
  });
  const [g, other] = await newGroups(env.store, 2);
  const random = rng(5);
  await writeSome(env.store, [g, other], 3, 6);
  // The trigger (the group's next new expense), then amends and voids (order matters), then more.
  let triggerAt = 0;
  while (triggerAt === 0) {
    const events = nextEvents(g, random);
    if (events[0].type === "ExpenseRecorded") {
      (events[0].data as { description: string }).description = "Trigger";
      triggerAt = await appendTo(env.store, g, events);
    } else {
      await appendTo(env.store, g, events);
    }
  }
  let last = await writeSome(env.store, [g, other], 12, 7);
  await drain(projector, env.sql, last);
  assert.deepEqual(await quarantined(env.sql), rows([[["balances"], g, triggerAt]]));
  await assertReadModels(env.sql, [other]);

  const options = { sql: env.sql, store: env.store, logger: quietLogger(), projections };
  // Not fixed yet: stays quarantined, attempts 2, the new error.
  const again = await retryQuarantined(options, { stream: g.stream });
  assert.equal(again.length, 1);
  assert.equal(again[0].applied, 0);
  assert.equal(again[0].quarantine?.position, triggerAt);
  assert.equal(again[0].quarantine?.attempts, 2);
  assert.match(again[0].quarantine?.error ?? "", /TypeError/);

  // The fixed release: the retry applies the stream in order and lifts the quarantine.
  bug.on = false;
  const lifted = await retryQuarantined(options, { stream: g.groupId, projection: "balances" });
  assert.equal(lifted.length, 1);
  assert.equal(lifted[0].quarantine, null);
  assert.ok(lifted[0].applied > 12);
  assert.deepEqual(await listQuarantine(env.sql), []);
  await assertReadModels(env.sql, [g, other]);
  // The runner goes on with the stream's next events.
  last = await writeSome(env.store, [g, other], 5, 8);
  await drain(projector, env.sql, last);
  await assertReadModels(env.sql, [g, other]);
  await assert.rejects(retryQuarantined(options, { stream: g.stream }), QuarantineError);
  await assert.rejects(
    retryQuarantined(options, { projection: "nope" }),
    /nope is not a projection/,
  );
});

Deno.test("skipQuarantined() records the operator's decision, applies the stream's later events in order, and rebuilds honour it", async () => {
  await using env = await projectorTestEnv();
  const logger = quietLogger();
  const projector = createProjector({ sql: env.sql, store: env.store, logger, batchSize: 9 });
  const [g, other] = await newGroups(env.store, 2);
  await writeSome(env.store, [g, other], 4, 9);
  const badAt = await appendUnrecorded(env.store, g, [unreadableEvent()]);
  let last = await writeSome(env.store, [g, other], 6, 10);
  await drain(projector, env.sql, last);
  assert.deepEqual(await quarantined(env.sql), rows([[ALL, g, badAt]]));
  const options = { sql: env.sql, store: env.store, logger };

  await assert.rejects(
    skipQuarantined(options, { stream: g.stream, position: badAt + 1, decidedBy: "ops" }),
    /only the event it stopped at can be skipped/,
  );
  await assert.rejects(
    skipQuarantined(options, { stream: other.stream, position: badAt, decidedBy: "ops" }),
    /is not quarantined/,
  );
  await assert.rejects(
    skipQuarantined(options, { stream: g.stream, position: badAt, decidedBy: " " }),
    /say who decides/,
  );
  // One projection first, then the rest.
  const one = await skipQuarantined(options, {
    stream: g.stream,
    position: badAt,
    decidedBy: "ana@example.com",
    reason: "forged rename from an import",
    projection: "groups",
  });
  assert.deepEqual(one.map((o) => [o.projection, o.quarantine]), [["groups", null]]);
  const rest = await skipQuarantined(options, {
    stream: g.groupId,
    position: badAt,
    decidedBy: "ana@example.com",
  });
  assert.deepEqual(rest.map((o) => o.projection).sort(), ALL.filter((n) => n !== "groups"));
  assert.ok(rest.every((o) => o.quarantine === null && o.applied === 6));
  assert.deepEqual(await listQuarantine(env.sql), []);
  await assertReadModels(env.sql, [g, other]);
  const skipped = await listSkipped(env.sql);
  assert.deepEqual(skipped.map((s) => [s.projection, s.position, s.decidedBy]).sort(), [
    ...ALL.map((n) => [n, badAt, "ana@example.com"]),
  ]);
  assert.equal(
    skipped.find((s) => s.projection === "groups")?.reason,
    "forged rename from an import",
  );
  assert.ok(skipped.every((s) => s.dbUser !== "" && s.eventType === "GroupRenamed"));

  last = await writeSome(env.store, [g, other], 3, 11);
  await drain(projector, env.sql, last);
  await assertReadModels(env.sql, [g, other]);
  // A rebuild from the whole log skips it too: nothing quarantined, the same read models.
  const rebuilt = await rebuildProjections({ sql: env.sql, store: env.store, logger }, ALL);
  assert.equal(rebuilt.quarantined, 0);
  assert.deepEqual(await listQuarantine(env.sql), []);
  await assertReadModels(env.sql, [g, other]);
});

Deno.test("rebuildProjections() and replayUntil() isolate poison events as the runner does", async () => {
  await using env: ProjectorTestEnv = await projectorTestEnv();
  const logger = quietLogger();
  const projector = createProjector({ sql: env.sql, store: env.store, logger, batchSize: 50 });
  const groups = await newGroups(env.store, 6);
  await writeSome(env.store, groups, 5, 12);
  const [a, b, c] = groups;
  const stops = await poisonThree(env.store, [a, b, c], rng(13));
  // Later events for every group but the "2026" one (see appendWithAt).
  const last = await writeSome(env.store, groups.slice(1), 5, 14);
  await drain(projector, env.sql, last);
  const expected = rows([
    [["expenses", "groups"], a, stops.at2026],
    [["balances"], b, stops.overflow],
    [ALL, c, stops.unreadable],
  ]);
  assert.deepEqual(await quarantined(env.sql), expected);
  const healthy = groups.slice(3);
  // A retry that fails again counts an attempt; the rebuild keeps it for the same event.
  await retryQuarantined({ sql: env.sql, store: env.store, logger }, {
    stream: b.stream,
    projection: "balances",
  });

  const rebuilt = await rebuildProjections({ sql: env.sql, store: env.store, logger }, ALL);
  assert.equal(rebuilt.quarantined, expected.length);
  assert.deepEqual(await quarantined(env.sql), expected);
  const attempts = (await listQuarantine(env.sql)).map((q) => [q.projection, q.stream, q.attempts]);
  assert.ok(attempts.some(([p, s, n]) => p === "balances" && s === b.stream && n === 2));
  await assertReadModels(env.sql, healthy);

  const replayed = await replayUntil({
    sql: env.sql,
    store: env.store,
    logger,
    until: new Date(Date.now() + 86_400_000),
    schema: "kopek_asof_quarantine_test",
  });
  assert.equal(replayed.quarantined, expected.length);
  assert.deepEqual(
    (await listQuarantine(env.sql, "kopek_asof_quarantine_test.projector_quarantine"))
      .map((q) => `${q.projection} ${q.stream} ${q.position}`).sort(),
    expected,
  );
  // The live quarantine is the live one's only.
  assert.deepEqual(await quarantined(env.sql), expected);
});
