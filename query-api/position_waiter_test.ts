import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { within } from "@kopek/platform/testing";
import { createPositionWaiter } from "./position_waiter.ts";

function fakeStore() {
  let head = 0;
  let calls = 0;
  return {
    set head(v: number) {
      head = v;
    },
    get calls() {
      return calls;
    },
    check(ps: readonly number[]) {
      calls++;
      return Promise.resolve(new Set(ps.filter((p) => p <= head)));
    },
  };
}

Deno.test("createPositionWaiter() answers at once when the position is applied", async () => {
  const store = fakeStore();
  store.head = 5;
  const waiter = createPositionWaiter({ check: (ps) => store.check(ps) });
  assertEquals(await waiter.waitFor(5, 1_000), true);
  assertEquals(store.calls, 1);
});

Deno.test("createPositionWaiter() shares one poll between waiters and gives up on timeout", async () => {
  const store = fakeStore();
  const waiter = createPositionWaiter({ check: (ps) => store.check(ps), intervalMs: 10 });
  const started = performance.now();
  const a = waiter.waitFor(3, 2_000);
  const b = waiter.waitFor(4, 2_000);
  const c = waiter.waitFor(100, 80);
  await new Promise((r) => setTimeout(r, 40));
  store.head = 4;
  assertEquals(await Promise.all([a, b]), [true, true]);
  assertEquals(await c, false);
  // Three first checks, then one shared check per tick (not one per waiter).
  const ticks = Math.ceil((performance.now() - started) / 10);
  ok(store.calls <= 3 + ticks + 1, `polled ${store.calls} times in ${ticks} ticks`);
  assertEquals(waiter.waiting, 0);
  waiter.close();
});

Deno.test("createPositionWaiter() notifyAdvanced() checks without waiting for the tick", async () => {
  const store = fakeStore();
  const waiter = createPositionWaiter({ check: (ps) => store.check(ps), intervalMs: 10_000 });
  const a = waiter.waitFor(2, 5_000);
  await new Promise((r) => setTimeout(r, 5));
  store.head = 2;
  const started = performance.now();
  waiter.notifyAdvanced();
  assertEquals(await a, true);
  ok(performance.now() - started < 1_000);
  waiter.close();
});

Deno.test("createPositionWaiter() bounds the first check too", async () => {
  let checks = 0;
  const waiter = createPositionWaiter({
    // A check held behind a lock: it never settles.
    check: () => {
      checks++;
      return new Promise<Set<number>>(() => {});
    },
    intervalMs: 10,
  });
  const started = performance.now();
  assertEquals(await within(5_000, "the bounded wait", waiter.waitFor(7, 50)), false);
  ok(performance.now() - started < 1_000, "the wait ran past its bound");
  assertEquals(checks, 1);
  assertEquals(waiter.waiting, 0);
  waiter.close();
});

Deno.test("createPositionWaiter() rejects when the first check fails within the bound", async () => {
  const waiter = createPositionWaiter({
    check: () => Promise.reject(Object.assign(new Error("refused"), { code: "ECONNREFUSED" })),
  });
  await waiter.waitFor(7, 1_000).then(
    () => ok(false, "resolved"),
    (e) => assertEquals(e.code, "ECONNREFUSED"),
  );
  waiter.close();
});
