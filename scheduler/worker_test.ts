import assert from "node:assert/strict";
import { createLogger } from "@kopek/platform";
import { createSchedulerWorker } from "./worker.ts";

Deno.test("a nudge during a tick runs the next tick at once, not after the interval", async () => {
  const ticks: number[] = [];
  let release: () => void = () => {};
  let started: () => void = () => {};
  const firstStarted = new Promise<void>((r) => started = r);
  const worker = createSchedulerWorker({
    async tick() {
      ticks.push(ticks.length + 1);
      if (ticks.length === 1) {
        started();
        await new Promise<void>((r) => release = r);
      }
      return { recorded: 0, repeated: 0, paused: 0 };
    },
  }, { logger: createLogger({ level: "silent" }), intervalMs: 3_600_000 });
  worker.start();
  await firstStarted;
  // A mail queued while the first tick runs.
  worker.nudge();
  release();
  while (ticks.length < 2) await new Promise((r) => setTimeout(r, 5));
  await worker.stop();
  assert.deepEqual(ticks, [1, 2]);
});
