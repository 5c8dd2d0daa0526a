import assert from "node:assert/strict";
import { createLogger } from "./logger.ts";
import { freeBytesOf, storageState, watchStorage } from "./storage_watcher.ts";
import { storageReadinessCheck } from "./storage_readiness.ts";

const logger = createLogger({ level: "silent" });
const MiB = 1024 * 1024;

Deno.test("storageState: full when the emptiest volume is below the threshold", () => {
  const samples = [{ path: "/data", freeBytes: 900 * MiB }, { path: "/wal", freeBytes: 100 * MiB }];
  assert.deepEqual(storageState(samples, 256 * MiB), { full: true, lowest: samples[1] });
  assert.deepEqual(storageState(samples, 100 * MiB), { full: false, lowest: samples[1] });
  assert.deepEqual(storageState(samples, 0), { full: false, lowest: samples[1] });
  assert.deepEqual(storageState([], 256 * MiB), { full: false, lowest: null });
});

Deno.test("watchStorage: refuses below the threshold, recovers when space returns, keeps the sample cached", () => {
  const free = new Map([["/data", 500 * MiB], ["/wal", 500 * MiB]]);
  let calls = 0;
  const watcher = watchStorage({
    paths: ["/data", "/wal"],
    minFreeBytes: 256 * MiB,
    logger,
    intervalMs: 60_000,
    freeBytes: (p) => {
      calls++;
      return free.get(p)!;
    },
  });
  try {
    assert.equal(watcher.state().full, false);
    free.set("/wal", 10 * MiB);
    // Cached: nothing changes until the next sample.
    const before = calls;
    assert.equal(watcher.state().full, false);
    assert.equal(calls, before);
    assert.deepEqual(watcher.check(), {
      full: true,
      lowest: { path: "/wal", freeBytes: 10 * MiB },
    });
    assert.equal(watcher.state().full, true);
    free.set("/wal", 300 * MiB);
    assert.equal(watcher.check().full, false);
  } finally {
    watcher.stop();
  }
});

Deno.test("watchStorage: a folder that cannot be sampled is left out, not taken as full", () => {
  const watcher = watchStorage({
    paths: ["/gone", "/data"],
    minFreeBytes: 256 * MiB,
    logger,
    intervalMs: 60_000,
    freeBytes: (p) => {
      if (p === "/gone") throw new Deno.errors.NotFound(p);
      return 100 * MiB;
    },
  });
  try {
    assert.deepEqual(watcher.state(), {
      full: true,
      lowest: { path: "/data", freeBytes: 100 * MiB },
    });
  } finally {
    watcher.stop();
  }
});

Deno.test("watchStorage: the timer samples again by itself", async () => {
  let free = 500 * MiB;
  const watcher = watchStorage({
    paths: ["/data"],
    minFreeBytes: 256 * MiB,
    logger,
    intervalMs: 10,
    freeBytes: () => free,
  });
  try {
    free = 1 * MiB;
    const deadline = Date.now() + 10_000;
    while (!watcher.state().full && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assert.equal(watcher.state().full, true);
  } finally {
    watcher.stop();
  }
});

Deno.test("freeBytesOf reads a real volume", () => {
  const free = freeBytesOf(Deno.cwd());
  assert.ok(Number.isSafeInteger(free) && free >= 0, String(free));
});

Deno.test("storageReadinessCheck: degraded (not failed) while full, naming the folder", async () => {
  const state = {
    current: { full: true, lowest: { path: "/data/pg/pg_wal", freeBytes: 10 * MiB } },
  };
  const check = storageReadinessCheck({ state: () => state.current }, 256 * MiB);
  assert.equal(check.critical, false);
  assert.deepEqual(await check.check(), {
    ok: false,
    detail: "/data/pg/pg_wal: 10 MiB free, writes pause below 256 MiB",
  });
  state.current = { full: false, lowest: { path: "/data/pg", freeBytes: 900 * MiB } };
  assert.equal((await check.check()).ok, true);
});
