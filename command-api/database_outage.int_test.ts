/**
 * Writes when PostgreSQL is out of reach or held behind a lock (ADR 0023):
 * a bounded 503 `database_unavailable` with `Retry-After`, never a 500 or a
 * hang; a write that commits after its 503 answers its retry with the kept
 * result; service resumes by itself once the database is back.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { connect } from "@kopek/platform";
import { startTcpProxy, testServerUrl, within } from "@kopek/platform/testing";
import { createTestCommandApi, type TestAnswer, type TestUser } from "./_testing.ts";

async function withGroup(user: TestUser) {
  const created = await user.send("POST", "/v1/groups", { name: "Trip", currency: "EUR" });
  assert.equal(created.status, 201, created.text);
  return { groupId: created.body.id as string, memberId: created.body.memberId as string };
}

function expense(memberId: string, id = uuidv7()) {
  return {
    id,
    description: "Lunch",
    total: { amount: "12.00", currency: "EUR" },
    date: "2026-11-20",
    paidBy: [{ memberId, amount: "12.00" }],
    split: { mode: "equal", shares: [{ memberId }] },
  };
}

function assertUnavailable(answer: TestAnswer) {
  assert.equal(answer.status, 503, answer.text);
  assert.equal(answer.body.code, "database_unavailable", answer.text);
  assert.match(answer.headers.get("retry-after") ?? "", /^\d+$/);
}

Deno.test("a write held behind a table lock answers 503 in time; its late commit answers the retry", async () => {
  const writeTimeoutMs = 1_000;
  await using api = await createTestCommandApi({ deps: { writeTimeoutMs } });
  const ana = await api.user("Ana");
  const { groupId, memberId } = await withGroup(ana);
  const body = expense(memberId);

  const locker = connect(api.url, { max: 1 });
  const locked = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const holder = locker.begin(async (t) => {
    await t`lock table events in access exclusive mode`;
    locked.resolve();
    await release.promise;
  });
  try {
    await within(10_000, "the lock", locked.promise);
    const started = performance.now();
    const held = await ana.send("POST", `/v1/groups/${groupId}/expenses`, body);
    const waited = performance.now() - started;
    assertUnavailable(held);
    // deno-lint-ignore no-console
    console.log(
      `write behind a lock: 503 after ${Math.round(waited)} ms (bound ${writeTimeoutMs})`,
    );
    assert.ok(waited < 15_000, `answered after ${waited} ms`);
  } finally {
    release.resolve();
    await holder;
    await locker.end();
  }
  // The first request goes on once the lock is gone and commits.
  await within(
    15_000,
    "the late commit",
    (async () => {
      while (true) {
        const [{ n }] = await api.sql<{ n: number }[]>`
        select count(*)::int as n from events where data->>'expenseId' = ${body.id}
          or data->>'id' = ${body.id}`;
        if (n > 0) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
  );
  const retried = await ana.send("POST", `/v1/groups/${groupId}/expenses`, body);
  assert.equal(retried.status, 201, retried.text);
  assert.equal(retried.body.id, body.id);
  const [{ n }] = await api.sql<{ n: number }[]>`
    select count(*)::int as n from events where data->>'expenseId' = ${body.id}
      or data->>'id' = ${body.id}`;
  assert.equal(n, 1, "the retry appended again");
});

Deno.test("writes during an outage answer 503 with Retry-After in time, and resume after it", async () => {
  const writeTimeoutMs = 2_000;
  const server = new URL(testServerUrl());
  await using proxy = startTcpProxy({ hostname: server.hostname, port: Number(server.port) });
  await using api = await createTestCommandApi({
    deps: { writeTimeoutMs },
    appUrl: (url) => {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(proxy.port);
      return u.toString();
    },
  });
  const ana = await api.user("Ana");
  const { groupId, memberId } = await withGroup(ana);
  const ok = await ana.send("POST", `/v1/groups/${groupId}/expenses`, expense(memberId));
  assert.equal(ok.status, 201, ok.text);

  // A server that stops answering: the write's bound answers.
  proxy.pause();
  const pausedAt = performance.now();
  assertUnavailable(await ana.send("POST", `/v1/groups/${groupId}/expenses`, expense(memberId)));
  const paused = performance.now() - pausedAt;
  assert.ok(paused < 15_000, `the paused write answered after ${paused} ms`);
  proxy.resume();

  await proxy.cut();
  const during: TestAnswer[] = [];
  let slowest = 0;
  for (let i = 0; i < 4; i++) {
    const started = performance.now();
    during.push(await ana.send("POST", `/v1/groups/${groupId}/expenses`, expense(memberId)));
    slowest = Math.max(slowest, performance.now() - started);
  }
  for (const answer of during) assertUnavailable(answer);
  assert.ok(slowest < 15_000, `an answer took ${slowest} ms`);

  proxy.restore();
  const restored = performance.now();
  const after: number[] = [];
  await within(
    20_000,
    "a write after the outage",
    (async () => {
      while (true) {
        const answer = await ana.send("POST", `/v1/groups/${groupId}/expenses`, expense(memberId));
        after.push(answer.status);
        if (answer.status === 201) return;
        assertUnavailable(answer);
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
  );
  // deno-lint-ignore no-console
  console.log(
    `write outage: a silent server answered 503 after ${Math.round(paused)} ms, a refused one ` +
      `at most ${Math.round(slowest)} ms (bound ${writeTimeoutMs}); first 201 ${
        Math.round(performance.now() - restored)
      } ms after the database was back (${after.length} tries)`,
  );
});
