import assert from "node:assert/strict";
import { createWorkerLoop } from "./worker_loop.ts";

Deno.test("createWorkerLoop: a pass at start, another at once when it says more, one on nudge, none after stop", async () => {
  let passes = 0;
  let more = 1; // the first pass asks for another at once
  const waiters: { n: number; resolve: () => void }[] = [];
  const reached = (n: number) =>
    new Promise<void>((resolve) => passes >= n ? resolve() : waiters.push({ n, resolve }));
  const loop = createWorkerLoop(() => {
    passes++;
    for (const w of waiters.filter((w) => passes >= w.n)) w.resolve();
    return Promise.resolve(more-- > 0);
  }, 3_600_000);
  loop.start();
  loop.start();
  await reached(2); // the second without a nudge: the first had more
  loop.nudge(); // the hour-long wait ends
  await reached(3);
  await loop.stop();
  loop.nudge();
  assert.equal(passes, 3);
});
