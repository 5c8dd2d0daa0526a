/**
 * Reads when PostgreSQL is held behind a lock or out of reach (ADR 0023):
 * a `Kopek-Min-Position` wait answers 503 with `Retry-After` within its
 * bound whatever holds the checks; a read during an outage answers 503
 * `database_unavailable`, never a 500; reads resume once it is back.
 */
import assert from "node:assert/strict";
import { connect, createTokenIssuer } from "@kopek/platform";
import { startTcpProxy, testServerUrl, within } from "@kopek/platform/testing";
import { createProjector } from "@kopek/projector";
import { createSimGroup, toNewEvents } from "../projector/testing/builder.ts";
import { drain, projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { createQueryApi } from "./mod.ts";

const BOUND_MS = 1_000;

async function setup() {
  const env = await projectorTestEnv();
  const server = new URL(testServerUrl());
  const proxy = startTcpProxy({ hostname: server.hostname, port: Number(server.port) });
  const url = new URL(env.db.url);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  const sql = connect(url.toString(), { max: 4 });
  const logger = quietLogger();
  const tokens = createTokenIssuer({ secret: "test-secret-test-secret-test-secret" });
  const { group, events } = createSimGroup({ name: "Lisbon trip", members: 3 });
  const { position: head } = await env.store.append({
    stream: group.stream,
    expectedVersion: 0,
    events: toNewEvents(events, group.ownerUserId),
  });
  const projector = createProjector({ sql: env.sql, store: env.store, logger });
  await drain(projector, env.sql, head);
  const api = createQueryApi({
    sql,
    reportingSql: sql,
    store: env.store,
    tokens,
    logger,
    minPositionTimeoutMs: BOUND_MS,
  });
  const token = (await tokens.issue(group.ownerUserId)).token;
  const get = async (headers: Record<string, string> = {}) => {
    const started = performance.now();
    const res = await api.request("/v1/groups", {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text ? JSON.parse(text) : {},
      text,
      retryAfter: res.headers.get("retry-after"),
      ms: performance.now() - started,
    };
  };
  return {
    env,
    proxy,
    head,
    get,
    async [Symbol.asyncDispose]() {
      await api.close();
      await sql.end({ timeout: 1 });
      await proxy.close();
      await env[Symbol.asyncDispose]();
    },
  };
}

Deno.test("a Kopek-Min-Position read held behind a table lock answers 503 within its bound", async () => {
  await using t = await setup();
  assert.equal((await t.get({ "Kopek-Min-Position": String(t.head) })).status, 200);
  const locker = connect(t.env.db.url, { max: 1 });
  const locked = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const holder = locker.begin(async (tx) => {
    await tx`lock table projector_checkpoints in access exclusive mode`;
    locked.resolve();
    await release.promise;
  });
  try {
    await within(10_000, "the lock", locked.promise);
    // Reached and not yet reached: both checks wait on the lock.
    for (const wanted of [t.head, t.head + 1_000]) {
      const answer = await within(
        15_000,
        "an answer",
        t.get({ "Kopek-Min-Position": String(wanted) }),
      );
      assert.equal(answer.status, 503, answer.text);
      assert.match(answer.retryAfter ?? "", /^\d+$/);
      // deno-lint-ignore no-console
      console.log(
        `min-position read behind a lock: 503 ${answer.body.code} after ${
          Math.round(answer.ms)
        } ms (bound ${BOUND_MS})`,
      );
    }
  } finally {
    release.resolve();
    await holder;
    await locker.end();
  }
  assert.equal((await t.get({ "Kopek-Min-Position": String(t.head) })).status, 200);
});

Deno.test("reads during an outage answer 503 database_unavailable, and resume after it", async () => {
  await using t = await setup();
  assert.equal((await t.get()).status, 200);

  t.proxy.pause();
  const silent = await within(15_000, "an answer", t.get({ "Kopek-Min-Position": String(t.head) }));
  assert.equal(silent.status, 503, silent.text);
  assert.match(silent.retryAfter ?? "", /^\d+$/);
  t.proxy.resume();

  await t.proxy.cut();
  const withoutAndWith: Record<string, string>[] = [{}, { "Kopek-Min-Position": String(t.head) }];
  for (const headers of withoutAndWith) {
    const answer = await within(15_000, "an answer", t.get(headers));
    assert.equal(answer.status, 503, answer.text);
    assert.equal(answer.body.code, "database_unavailable", answer.text);
    assert.match(answer.retryAfter ?? "", /^\d+$/);
  }

  t.proxy.restore();
  const restored = performance.now();
  let tries = 0;
  await within(
    20_000,
    "a read after the outage",
    (async () => {
      while (true) {
        tries++;
        const answer = await t.get({ "Kopek-Min-Position": String(t.head) });
        if (answer.status === 200) return;
        assert.equal(answer.status, 503, answer.text);
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
  );
  // deno-lint-ignore no-console
  console.log(
    `read outage: a silent server answered 503 ${silent.body.code} after ${
      Math.round(silent.ms)
    } ms; first 200 ${Math.round(performance.now() - restored)} ms after the database was back ` +
      `(${tries} tries)`,
  );
});
