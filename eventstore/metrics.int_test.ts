import assert from "node:assert/strict";
import { Registry } from "prom-client";
import { testEvent } from "./contract.ts";
import { instrumentEventStore } from "./metrics.ts";
import { createStoreDatabase } from "./postgres/_testing.ts";

async function value(registry: Registry, name: string, labels: Record<string, string> = {}) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as {
    labels: Record<string, string>;
    value: number;
    metricName?: string;
  }[];
  return values.filter((v) =>
    (v.metricName ?? name) === name &&
    Object.entries(labels).every(([k, l]) => v.labels[k] === l)
  ).reduce((sum, v) => sum + v.value, 0);
}

Deno.test("instrumentEventStore() counts appends by outcome, events per append, and times them", async () => {
  await using es = await createStoreDatabase();
  const registry = new Registry();
  const store = instrumentEventStore(es.store, registry);
  const stream = `group-${crypto.randomUUID()}`;
  const idempotency = { key: crypto.randomUUID(), contentHash: "abc" };
  const events = [testEvent("a"), testEvent("b"), testEvent("c")];
  await store.append({ stream, expectedVersion: 0, events }, { idempotency });
  // The same command again: an idempotent repeat, nothing stored.
  const again = await store.append({ stream, expectedVersion: 0, events }, { idempotency });
  assert.equal(again.duplicate, true);
  await assert.rejects(
    store.append({ stream, expectedVersion: 1, events: [testEvent("d")] }),
    (e: Error & { code?: string }) => e.code === "eventstore.version_conflict",
  );
  assert.equal(await store.streamVersion(stream), 3, "other methods pass through");

  const name = "kopek_eventstore_appends_total";
  assert.equal(await value(registry, name, { outcome: "appended" }), 1);
  assert.equal(await value(registry, name, { outcome: "duplicate" }), 1);
  assert.equal(await value(registry, name, { outcome: "version_conflict" }), 1);
  assert.equal(await value(registry, "kopek_eventstore_appended_events_total"), 3);
  const text = await registry.metrics();
  assert.match(text, /^kopek_eventstore_events_per_append_sum 3$/m);
  assert.match(text, /^kopek_eventstore_events_per_append_count 1$/m);
  assert.match(
    text,
    /^kopek_eventstore_append_duration_seconds_count\{outcome="version_conflict"\} 1$/m,
  );
  // A second store on the same registry shares the families.
  instrumentEventStore(es.store, registry);
});
