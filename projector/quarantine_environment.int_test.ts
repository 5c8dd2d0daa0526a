/**
 * Fault isolation (ADR 0016) against real PostgreSQL: errors about the environment (a backend
 * terminated mid-batch, a lock held past a timeout) roll the batch back and quarantine nothing.
 */
import assert from "node:assert/strict";
import { createPostgresEventStore } from "@kopek/eventstore";
import type { Sql, TransactionSql } from "@kopek/platform";
import { createProjector } from "./projector.ts";
import { readCheckpoints } from "./checkpoints.ts";
import type { Projection } from "./projection.ts";
import { PROJECTIONS } from "./projections/mod.ts";
import { balancesProjection } from "./projections/balances/apply.ts";
import { listQuarantine } from "./quarantine.ts";
import {
  assertReadModels,
  drain,
  projectorTestEnv,
  quietLogger,
  waitApplied,
} from "./testing/setup.ts";
import { failingRound, newGroups, ownPool, writeSome } from "./testing/quarantine_kit.ts";

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
