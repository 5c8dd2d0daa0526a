import assert from "node:assert/strict";
import { createMetricsRegistry, registryMetricsSource } from "./registry.ts";
import { DROPPED_DEFAULTS } from "./process.ts";
import { serviceMetrics } from "./mod.ts";

Deno.test("createMetricsRegistry() serves true process families and drops the ones Deno cannot read", async () => {
  const registry = createMetricsRegistry();
  const text = await registryMetricsSource(registry)();
  const rss = /^process_resident_memory_bytes (\d+)$/m.exec(text);
  assert.ok(rss && Number(rss[1]) > 0, "rss from Deno.memoryUsage()");
  assert.match(text, /^deno_memory_bytes\{kind="heap_used"\} \d+/m);
  assert.match(text, /^# TYPE nodejs_eventloop_lag_p99_seconds gauge$/m);
  assert.match(text, /^process_cpu_seconds_total /m);
  for (const name of DROPPED_DEFAULTS.filter((n) => n !== "process_resident_memory_bytes")) {
    assert.doesNotMatch(text, new RegExp(`^# TYPE ${name} `, "m"));
  }
});

Deno.test("serviceMetrics() is a pass-through without families when KOPEK_METRICS is off", async () => {
  const off = serviceMetrics({ KOPEK_METRICS: "off" });
  assert.deepEqual(off.sources, []);
  assert.equal(off.registry, undefined);
  let called = false;
  await off.http({} as never, () => {
    called = true;
    return Promise.resolve();
  });
  assert.ok(called);
  const on = serviceMetrics({ KOPEK_METRICS: "on" });
  assert.equal(on.sources.length, 1);
  assert.match(String(await on.sources[0]()), /process_cpu_seconds_total/);
});
