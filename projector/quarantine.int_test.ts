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
import { createPostgresEventStore } from "@kopek/eventstore";
import { createProjector } from "./projector.ts";
import { readCheckpoints } from "./checkpoints.ts";
import { groupAccess } from "./projections/access/queries.ts";
import { listQuarantine, quarantineSummary } from "./quarantine.ts";
import { retryQuarantined } from "./quarantine_remedies.ts";
import { rebuildProjections } from "./rebuild.ts";
import { replayUntil } from "./replay.ts";
import { projectorReadinessCheck } from "./readiness.ts";
import { nextEvents, rng, type SimGroup } from "./testing/builder.ts";
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
import {
  ALL,
  capturingLogger,
  newGroups,
  ownPool,
  poisonThree,
  quarantined,
  rows,
  writeSome,
} from "./testing/quarantine_kit.ts";

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
