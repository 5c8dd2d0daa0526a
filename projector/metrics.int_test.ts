import assert from "node:assert/strict";
import { Registry } from "prom-client";
import { createProjector } from "./projector.ts";
import { PROJECTION_NAMES } from "./projections/mod.ts";
import { createSimGroup, nextEvents, rng, type SimGroup, toNewEvents } from "./testing/builder.ts";
import type { EventStore } from "@kopek/eventstore";
import type { GroupEvent } from "@kopek/domain";
import { appendUnrecorded, unreadableEvent } from "./testing/poison.ts";
import { appendTo, drain, projectorTestEnv, quietLogger } from "./testing/setup.ts";

/** Appends a new group's creation (already folded into it by createSimGroup). */
async function created(store: EventStore, group: SimGroup, events: readonly GroupEvent[]) {
  return (await store.append({
    stream: group.stream,
    expectedVersion: 0,
    events: toNewEvents(events, group.ownerUserId),
  })).position;
}

function sample(text: string, line: RegExp): number {
  const m = line.exec(text);
  assert.ok(m, `${line} in:\n${text}`);
  return Number(m[1]);
}

Deno.test("the projector's families: batches, checkpoints and lag per projection, quarantined streams", async () => {
  await using env = await projectorTestEnv();
  const registry = new Registry();
  const projector = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    metrics: registry,
  });
  const { group, events } = createSimGroup();
  await created(env.store, group, events);
  const random = rng(7);
  for (let i = 0; i < 5; i++) await appendTo(env.store, group, nextEvents(group, random));
  const { group: bad, events: badEvents } = createSimGroup();
  await created(env.store, bad, badEvents);
  const head = await appendUnrecorded(env.store, bad, [unreadableEvent()]);

  // Before any batch: every projection lags by the whole log.
  let text = await registry.metrics();
  assert.equal(sample(text, /^kopek_projector_state_up (\d+)$/m), 1);
  assert.equal(sample(text, /^kopek_projector_head_position (\d+)$/m), head);
  for (const name of PROJECTION_NAMES) {
    assert.equal(
      sample(
        text,
        new RegExp(`^kopek_projector_lag_events\\{projection="${name}"\\} (\\d+)$`, "m"),
      ),
      head,
    );
  }
  assert.ok(sample(text, /^kopek_projector_lag_seconds (\S+)$/m) >= 0);

  const applied = await drain(projector, env.sql, head);
  // A second scrape more than a second later reads the state again.
  await new Promise((r) => setTimeout(r, 1_100));
  text = await registry.metrics();
  for (const name of PROJECTION_NAMES) {
    assert.equal(
      sample(
        text,
        new RegExp(`^kopek_projector_checkpoint_position\\{projection="${name}"\\} (\\d+)$`, "m"),
      ),
      head,
    );
    assert.equal(
      sample(
        text,
        new RegExp(`^kopek_projector_lag_events\\{projection="${name}"\\} (\\d+)$`, "m"),
      ),
      0,
    );
  }
  assert.equal(sample(text, /^kopek_projector_lag_seconds (\S+)$/m), 0);
  assert.equal(sample(text, /^kopek_projector_quarantined_streams (\d+)$/m), 1);
  assert.equal(sample(text, /^kopek_projector_events_applied_total (\d+)$/m), applied);
  assert.equal(sample(text, /^kopek_projector_batch_events_sum (\d+)$/m), applied);
  assert.ok(sample(text, /^kopek_projector_batch_duration_seconds_count (\d+)$/m) >= 1);
  // A second projector on the same registry shares the families.
  createProjector({ sql: env.sql, store: env.store, logger: quietLogger(), metrics: registry });
});
