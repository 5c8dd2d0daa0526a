/**
 * The projector through a database outage (ADR 0023): its connections are
 * cut in the middle of batches, repeatedly; it survives, quarantines
 * nothing, and applies what was written meanwhile soon after the database
 * is back (the pool reconnects within about 2 s, the loop retries after
 * its error backoff).
 */
import assert from "node:assert/strict";
import { connect, createLogger } from "@kopek/platform";
import { startTcpProxy, testServerUrl, within } from "@kopek/platform/testing";
import { createPostgresEventStore } from "@kopek/eventstore";
import { createProjector } from "./projector.ts";
import { appendTo, projectorTestEnv, waitApplied } from "./testing/setup.ts";
import { createSimGroup, nextEvents, rng, toNewEvents } from "./testing/builder.ts";

Deno.test("the projector survives cuts mid-batch and catches up after the outage", async () => {
  await using env = await projectorTestEnv();
  const server = new URL(testServerUrl());
  await using proxy = startTcpProxy({ hostname: server.hostname, port: Number(server.port) });
  const url = new URL(env.db.url);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const sql = connect(url.toString(), { max: 4 });
  const projector = createProjector({
    sql,
    store: createPostgresEventStore(sql),
    logger: createLogger({ level: Deno.env.get("KOPEK_LOG_LEVEL") ?? "silent" }),
    batchSize: 50,
    idleMs: 5,
    errorBackoffMs: 200,
  });
  const random = rng(13);
  const groups = [createSimGroup({ name: "A", members: 3 }), createSimGroup({ name: "B" })];
  let head = 0;
  for (const g of groups) {
    ({ position: head } = await env.store.append({
      stream: g.group.stream,
      expectedVersion: 0,
      events: toNewEvents(g.events, g.group.ownerUserId),
    }));
  }
  projector.start();
  try {
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 20; i++) {
        const g = groups[i % 2].group;
        head = await appendTo(env.store, g, nextEvents(g, random));
      }
      await new Promise((r) => setTimeout(r, 30));
      await proxy.cut();
      // written while the projector cannot reach the database
      for (let i = 0; i < 10; i++) {
        const g = groups[i % 2].group;
        head = await appendTo(env.store, g, nextEvents(g, random));
      }
      await new Promise((r) => setTimeout(r, 300));
      proxy.restore();
    }
    const restored = performance.now();
    await within(30_000, "the projector to catch up", waitApplied(env.sql, head));
    // deno-lint-ignore no-console
    console.log(
      `projector outage: caught up with position ${head} ${
        Math.round(performance.now() - restored)
      } ms after the last restore (4 cuts)`,
    );
  } finally {
    await projector.stop();
    await sql.end({ timeout: 1 });
  }
  const [{ n }] = await env.sql<{ n: number }[]>`
    select count(*)::int as n from projector_quarantine`;
  assert.equal(n, 0, "an outage quarantined a stream");
});
