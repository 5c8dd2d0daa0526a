/**
 * The driver survives a connection that dies under a transaction
 * (porsager/postgres#1154, #1208; ADR 0023): a statement written after the
 * socket closed rejects with `CONNECTION_CLOSED` instead of throwing from a
 * timer (postgres.js 3.4.9 and 3.4.10 kill the process there), and the
 * pool's only connection serves the next query.
 */
import assert from "node:assert/strict";
import { connect } from "./db.ts";
import { createTestDatabase, startTcpProxy, testServerUrl, within } from "./testing/mod.ts";
import { isDatabaseUnavailable } from "./db_unavailable.ts";

Deno.test("a statement after the backend was terminated rejects; the pool recovers", async () => {
  await using db = await createTestDatabase("kopek_lost");
  const sql = connect(db.url, { max: 1, applicationName: "kopek-lost-test" });
  try {
    const pid = Promise.withResolvers<number>();
    const gate = Promise.withResolvers<void>();
    const late = Promise.withResolvers<{ statement: Promise<unknown> }>();
    const tx = sql.begin(async (t) => {
      const [row] = await t<{ pid: number }[]>`select pg_backend_pid() as pid`;
      pid.resolve(row.pid);
      await gate.promise;
      // written on a connection whose socket is gone
      const statement = t`select 1`;
      late.resolve({ statement }); // wrapped: a query is a thenable
      await statement;
    });
    tx.catch(() => {});
    await db.sql`select pg_terminate_backend(${await pid.promise})`;
    const closed = await within(10_000, "the transaction to fail", tx.then(() => null, (e) => e));
    assert(isDatabaseUnavailable(closed), `not an outage: ${closed}`);
    gate.resolve();
    const error = await within(
      10_000,
      "the late statement to fail",
      late.promise.then(({ statement }) => statement.then(() => null, (e) => e)),
    );
    assert(isDatabaseUnavailable(error), `not an outage: ${error}`);
    // the timer postgres.js 3.4.9 throws from runs on the next turns
    await new Promise((r) => setTimeout(r, 100));
    const [{ x }] = await within(10_000, "the pool to answer", sql<{ x: number }[]>`select 1 as x`);
    assert.deepEqual(x, 1);
  } finally {
    await sql.end({ timeout: 1 });
  }
});

Deno.test("transactions cut by a proxy under load never crash the process", async () => {
  const server = new URL(testServerUrl());
  await using db = await createTestDatabase("kopek_lost");
  await db.sql`create table t (id bigint primary key, n int not null)`;
  await using proxy = startTcpProxy({ hostname: server.hostname, port: Number(server.port) });
  const url = new URL(db.url);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const sql = connect(url.toString(), { max: 4, connectTimeoutSeconds: 2 });
  let stop = false;
  let ok = 0;
  let failed = 0;
  const unexpected: unknown[] = [];
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      try {
        await sql.begin(async (t) => {
          await t`insert into t values (${w * 1_000_000 + i}, 1)`;
          await t`update t set n = n + 1 where id = ${w * 1_000_000 + i}`;
          await t`select pg_sleep(0.001)`;
        });
        ok++;
      } catch (e) {
        failed++;
        if (!isDatabaseUnavailable(e)) unexpected.push(e);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const workers = [0, 1, 2, 3, 4, 5].map(worker);
  try {
    for (let round = 0; round < 5; round++) {
      await new Promise((r) => setTimeout(r, 150));
      await proxy.cut();
      await new Promise((r) => setTimeout(r, 100));
      proxy.restore();
    }
    const before = ok;
    const started = performance.now();
    await within(
      20_000,
      "a transaction after the last cut",
      (async () => {
        while (ok === before) await new Promise((r) => setTimeout(r, 10));
      })(),
    );
    // deno-lint-ignore no-console
    console.log(
      `cut under load: ${ok} committed, ${failed} failed as outages; first commit ${
        Math.round(performance.now() - started)
      } ms after the last restore`,
    );
  } finally {
    stop = true;
    await Promise.all(workers);
    await sql.end({ timeout: 1 });
  }
  assert.deepEqual(unexpected, []);
  assert(failed > 0, "no cut hit a transaction");
});
