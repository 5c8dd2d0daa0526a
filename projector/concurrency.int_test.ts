/**
 * The exactly-once proof: many concurrent writers append valid group
 * histories over many streams while the projector runs (two in-process
 * runners competing for the same projections, then a separate process
 * killed with SIGKILL part way and restarted); at the end every read model
 * equals the domain fold of what was written.
 */
import { ok } from "node:assert/strict";
import type { EventStore } from "@kopek/eventstore";
import { createProjector } from "./projector.ts";
import { createSimGroup, nextEvents, rng, type SimGroup, toNewEvents } from "./testing/builder.ts";
import {
  appendTo,
  assertReadModels,
  projectorTestEnv,
  quietLogger,
  waitApplied,
} from "./testing/setup.ts";

const WRITERS = 8;
const APPENDS = 2_000;
const GROUPS_PER_WRITER = 6;

/** One writer: its own groups, `APPENDS` appends in all (group creations included). */
async function writer(
  store: EventStore,
  seed: number,
  progress: { appended: number },
): Promise<{ groups: SimGroup[]; last: number }> {
  const random = rng(seed);
  const groups: SimGroup[] = [];
  let last = 0;
  for (let i = 0; i < GROUPS_PER_WRITER; i++) {
    const { group, events } = createSimGroup({ members: 2 + (i % 3) });
    const r = await store.append({
      stream: group.stream,
      expectedVersion: 0,
      events: toNewEvents(events, group.ownerUserId),
    });
    last = Math.max(last, r.position);
    groups.push(group);
    progress.appended++;
  }
  for (let i = GROUPS_PER_WRITER; i < APPENDS; i++) {
    const group = groups[Math.floor(random() * groups.length)];
    last = Math.max(last, await appendTo(store, group, nextEvents(group, random)));
    progress.appended++;
  }
  return { groups, last };
}

async function writeAll(store: EventStore, progress: { appended: number }) {
  const results = await Promise.all(
    Array.from({ length: WRITERS }, (_, w) => writer(store, 1_000 + w, progress)),
  );
  return {
    groups: results.flatMap((r) => r.groups),
    last: Math.max(...results.map((r) => r.last)),
  };
}

Deno.test({
  name: "createProjector() applies 8 concurrent writers × 2,000 appends exactly once",
  sanitizeResources: false,
  async fn() {
    await using env = await projectorTestEnv();
    const logger = quietLogger();
    // Two runners compete: the advisory locks let one apply each batch.
    const a = createProjector({
      sql: env.sql,
      store: env.store,
      logger,
      batchSize: 500,
      idleMs: 5,
    });
    const b = createProjector({
      sql: env.sql,
      store: env.store,
      logger,
      batchSize: 700,
      idleMs: 5,
    });
    a.start();
    b.start();
    const { groups, last } = await writeAll(env.store, { appended: 0 });
    await waitApplied(env.sql, await env.store.headPosition().then((h) => Math.max(h, last)));
    await Promise.all([a.stop(), b.stop()]);
    await assertReadModels(env.sql, groups);
  },
});

Deno.test({
  name:
    "projector main.ts killed with SIGKILL and restarted still applies every event exactly once",
  sanitizeResources: false,
  async fn() {
    await using env = await projectorTestEnv();
    const spawn = () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", new URL("./main.ts", import.meta.url).pathname],
        env: {
          KOPEK_DATABASE_URL: env.db.url,
          KOPEK_LOG_LEVEL: "error",
          KOPEK_PROJECTOR_BATCH_SIZE: "300",
        },
        stdout: "null",
        stderr: "inherit",
      }).spawn();
    const progress = { appended: 0 };
    let child = spawn();
    const kills: number[] = [];
    const killer = (async () => {
      // Kill part way, twice, then leave a fresh process running.
      for (const at of [0.3, 0.65]) {
        while (progress.appended < at * WRITERS * APPENDS) {
          await new Promise((r) => setTimeout(r, 20));
        }
        child.kill("SIGKILL");
        await child.status;
        kills.push(progress.appended);
        child = spawn();
      }
    })();
    const { groups, last } = await writeAll(env.store, progress);
    await killer;
    try {
      await waitApplied(env.sql, last, 80_000);
    } finally {
      child.kill("SIGKILL");
      await child.status;
    }
    ok(kills.length === 2);
    await assertReadModels(env.sql, groups);
  },
});
