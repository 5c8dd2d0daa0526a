import assert from "node:assert/strict";
import type { Cursor } from "@kopek/eventstore";
import type { Projection } from "./projection.ts";
import { type PipelinePage, type PipelineSteps, runPipeline } from "./pipeline.ts";

interface FakePage extends PipelinePage {
  readonly index: number;
}

const named = (name: string) => ({ name }) as unknown as Projection;
const cursorAt = (position: number): Cursor => ({ txId: "1", position });

/** A log of `pages` full pages of 10 events and a last one of 5. */
function log(pages: number) {
  const page = (index: number): FakePage => ({
    index,
    cursor: cursorAt((index + 1) * 10),
    size: index < pages ? 10 : 5,
    full: index < pages,
  });
  return { page, pageAfter: (c: Cursor) => page(c.position / 10) };
}

/** A gate per (projection, page): its apply waits until the test opens it. */
function gates() {
  const open = new Map<string, () => void>();
  const waiting = new Map<string, Promise<void>>();
  const key = (name: string, k: number) => `${name}@${k}`;
  const gate = (name: string, k: number) => {
    if (!waiting.has(key(name, k))) {
      waiting.set(key(name, k), new Promise((r) => open.set(key(name, k), r)));
    }
    return waiting.get(key(name, k))!;
  };
  return {
    wait: gate,
    open(name: string, k: number) {
      gate(name, k);
      open.get(key(name, k))!();
    },
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

Deno.test("runPipeline(): a projection starts the next page while a slower one still applies the current one, never more than `ahead` pages ahead", async () => {
  const { page, pageAfter } = log(3);
  const g = gates();
  const events: string[] = [];
  const steps: PipelineSteps<FakePage> = {
    first: () => Promise.resolve(page(0)),
    next: (after) => Promise.resolve(pageAfter(after)),
    async apply(p, after, pg, k) {
      assert.deepEqual(after?.position ?? 0, k * 10, "pages in order, from the previous cursor");
      events.push(`${p.name} starts ${pg.index}`);
      await g.wait(p.name, k);
      events.push(`${p.name} commits ${pg.index}`);
      return true;
    },
    settled: (pg, applied) => events.push(`settled ${pg.index} by ${[...applied].sort()}`),
    goOn: () => true,
  };
  const done = runPipeline([named("fast"), named("slow")], null, steps, 1);
  g.open("fast", 0);
  g.open("fast", 1);
  g.open("fast", 2);
  await tick();
  await tick();
  // fast is on page 1 while slow still applies page 0, and does not start page 2.
  assert.deepEqual(events, [
    "fast starts 0",
    "slow starts 0",
    "fast commits 0",
    "fast starts 1",
    "fast commits 1",
  ]);
  for (let k = 0; k <= 3; k++) {
    g.open("slow", k);
    g.open("fast", k);
  }
  assert.deepEqual(await done, 35);
  assert.deepEqual(events.filter((e) => e.startsWith("settled")), [
    "settled 0 by fast,slow",
    "settled 1 by fast,slow",
    "settled 2 by fast,slow",
    "settled 3 by fast,slow",
  ]);
  // Each projection's pages in order, and page 1 of slow committed before it was settled.
  assert.deepEqual(
    events.indexOf("slow commits 1") < events.indexOf("settled 1 by fast,slow"),
    true,
  );
  assert.deepEqual(
    events.indexOf("fast starts 2") > events.indexOf("settled 0 by fast,slow"),
    true,
  );
});

Deno.test("runPipeline(): an error stops every chain before its next page and leaves the failed page unsettled", async () => {
  const { page, pageAfter } = log(5);
  const settled: number[] = [];
  const applied: string[] = [];
  const abandoned: number[] = [];
  const steps: PipelineSteps<FakePage> = {
    first: () => Promise.resolve(page(0)),
    next: (after) => Promise.resolve(pageAfter(after)),
    async apply(p, _after, pg) {
      await tick();
      if (p.name === "bad" && pg.index === 1) throw new Error("connection lost");
      applied.push(`${p.name}@${pg.index}`);
      return true;
    },
    settled: (pg) => settled.push(pg.index),
    abandoned: (pg) => abandoned.push(pg.index),
    goOn: () => true,
  };
  await assert.rejects(
    () => runPipeline([named("good"), named("bad")], null, steps, 1),
    /connection lost/,
  );
  assert.deepEqual(settled, [0]);
  assert.deepEqual(applied.includes("bad@1"), false);
  // good may have committed page 1 (its own transaction), never a page after the failure.
  assert.deepEqual(applied.filter((a) => a.startsWith("good@")).length <= 3, true);
  assert.deepEqual(abandoned.includes(1), true);
});

Deno.test("runPipeline(): a projection that is not ours leaves the chain, the others go on; a page none applied is not counted", async () => {
  const { page, pageAfter } = log(2);
  const settled: string[] = [];
  const steps: PipelineSteps<FakePage> = {
    first: () => Promise.resolve(page(0)),
    next: (after) => Promise.resolve(pageAfter(after)),
    apply: (p, _after, pg) =>
      Promise.resolve(p.name === "other" && pg.index >= 1 ? null : p.name === "none" ? null : true),
    settled: (pg, by) => settled.push(`${pg.index}:${[...by].sort()}`),
    goOn: () => true,
  };
  assert.deepEqual(await runPipeline([named("mine"), named("other")], null, steps), 25);
  assert.deepEqual(settled, ["0:mine,other", "1:mine", "2:mine"]);
  settled.length = 0;
  assert.deepEqual(await runPipeline([named("none")], null, steps), 0);
  assert.deepEqual(settled, ["0:"]);
});

Deno.test("runPipeline(): stops after the current page when goOn() turns false, and on a page that is not full", async () => {
  const { page, pageAfter } = log(10);
  let go = true;
  const steps: PipelineSteps<FakePage> = {
    first: () => Promise.resolve(page(0)),
    next: (after) => Promise.resolve(pageAfter(after)),
    apply: (_p, _after, pg) => {
      if (pg.index === 2) go = false;
      return Promise.resolve(true);
    },
    settled: () => {},
    goOn: () => go,
  };
  assert.deepEqual(await runPipeline([named("a"), named("b")], null, steps), 30);
  go = true;
  const empty: PipelineSteps<FakePage> = {
    ...steps,
    first: () => Promise.resolve({ index: 0, cursor: null, size: 0, full: false }),
  };
  assert.deepEqual(await runPipeline([named("a")], null, empty), 0);
});
