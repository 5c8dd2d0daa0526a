import assert from "node:assert/strict";
import { restartDelay, supervise, type SupervisorEvent, UnrecoverableError } from "./supervisor.ts";
import { within } from "@kopek/platform/testing";

Deno.test("restartDelay: doubles from the base, never above the bound, jittered to at least half", () => {
  const policy = { baseMs: 250, maxMs: 5000 };
  assert.equal(restartDelay(0, policy, () => 0), 125);
  assert.equal(restartDelay(0, policy, () => 0.999999), 250);
  assert.equal(restartDelay(2, policy, () => 0.999999), 1000);
  for (const attempt of [5, 6, 50, 10_000]) {
    assert.equal(restartDelay(attempt, policy, () => 0.999999), 5000);
    assert.equal(restartDelay(attempt, policy, () => 0), 2500);
  }
  for (let i = 0; i < 1000; i++) {
    const d = restartDelay(i % 40, policy);
    assert.ok(d >= 125 && d <= 5000, String(d));
  }
});

async function until(ok: () => boolean) {
  while (!ok()) await new Promise((r) => setTimeout(r, 2));
}

const untilRunning = (server: { running: boolean }) => until(() => server.running);

/** A fake server: down after `kill()`, starts after `failStarts` failed attempts. */
function fakeServer() {
  const s = {
    running: true,
    failStarts: 0,
    starts: 0,
    isRunning: () => Promise.resolve(s.running),
    start() {
      s.starts++;
      if (s.failStarts > 0) {
        s.failStarts--;
        return Promise.reject(new Error("No space left on device"));
      }
      s.running = true;
      return Promise.resolve();
    },
  };
  return s;
}

Deno.test("supervise: a server that dies is started again, retrying failed starts until it runs", async () => {
  const server = fakeServer();
  const events: SupervisorEvent[] = [];
  const supervisor = supervise(server, {
    checkEveryMs: 5,
    policy: { baseMs: 1, maxMs: 4 },
    onEvent: (e) => events.push(e),
  });
  try {
    server.running = false;
    server.failStarts = 3;
    await within(10_000, "the restart", untilRunning(server));
    assert.equal(server.starts, 4);
    assert.deepEqual(events.map((e) => e.kind), [
      "down",
      "restart_failed",
      "restart_failed",
      "restart_failed",
      "restarted",
    ]);
    const restarted = events.at(-1) as Extract<SupervisorEvent, { kind: "restarted" }>;
    assert.equal(restarted.attempts, 4);
    assert.equal(supervisor.down, false);
    // Down again later: supervised again.
    server.running = false;
    await within(10_000, "the restart", untilRunning(server));
    assert.equal(server.starts, 5);
  } finally {
    await supervisor.stop();
  }
});

Deno.test("supervise: a running server is left alone; a failing probe is reported, not taken as down", async () => {
  const server = fakeServer();
  const events: SupervisorEvent[] = [];
  let probes = 0;
  const supervisor = supervise({
    isRunning: () =>
      ++probes === 2 ? Promise.reject(new Error("pg_ctl missing")) : server.isRunning(),
    start: () => server.start(),
  }, { checkEveryMs: 1, onEvent: (e) => events.push(e) });
  await within(10_000, "ten probes", until(() => probes >= 10));
  await supervisor.stop();
  assert.equal(server.starts, 0);
  assert.deepEqual(events.map((e) => e.kind), ["probe_failed"]);
});

Deno.test("supervise: stop ends the retries of a server that cannot start", async () => {
  const server = fakeServer();
  server.running = false;
  server.failStarts = Infinity;
  const supervisor = supervise(server, {
    checkEveryMs: 1,
    policy: { baseMs: 60_000, maxMs: 60_000 },
  });
  await within(10_000, "a start", until(() => server.starts > 0));
  assert.equal(supervisor.down, true);
  // Sleeping 30-60 s before the next attempt: stop must not wait for it.
  await within(5_000, "the stop", supervisor.stop());
  assert.equal(server.starts, 1);
});

Deno.test("supervise: a start that can never succeed makes the supervisor give up, once", async () => {
  const events: SupervisorEvent[] = [];
  let starts = 0;
  const supervisor = supervise({
    isRunning: () => Promise.resolve(false),
    start: () => {
      starts++;
      return Promise.reject(new UnrecoverableError("the data folder is gone"));
    },
  }, { checkEveryMs: 1, onEvent: (e) => events.push(e) });
  await assert.rejects(within(10_000, "giving up", supervisor.failed), UnrecoverableError);
  await supervisor.stop();
  assert.equal(starts, 1);
  assert.deepEqual(events.map((e) => e.kind), ["down", "gave_up"]);
});

Deno.test("supervise: stop does not wait long for a start that hangs", async () => {
  const hung = Promise.withResolvers<void>();
  let starts = 0;
  const supervisor = supervise({
    isRunning: () => Promise.resolve(false),
    start: () => {
      starts++;
      return hung.promise;
    },
  }, { checkEveryMs: 1, stopWaitMs: 10 });
  await within(10_000, "a start", until(() => starts > 0));
  await within(5_000, "the stop", supervisor.stop());
  // The caller stops the server, which ends the start; nothing starts again.
  hung.reject(new Error("the server was stopped"));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(starts, 1);
});
