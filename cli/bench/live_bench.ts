/**
 * Write-to-SSE latency: the all-in-one process (in-process bus, and on
 * Valkey), one `/live` subscriber, 1,000 expenses written one after another
 * through the command API; for each, the time from sending the write to the
 * `change` event that carries its position. Prints p50/p99/max.
 * Run with `deno bench -A cli/bench/live_bench.ts`.
 */
import { createTestDatabase, sseReader } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const WRITES = Number(Deno.env.get("KOPEK_BENCH_LIVE_WRITES") ?? "1000");
const VALKEY = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function measure(b: Deno.BenchContext, label: string, valkey: boolean) {
  await using db = await createTestDatabase("kopek_livebench");
  // Load, not abuse: the rate limits would throttle the benchmark itself.
  const running = await startForTest(db.url, {
    KOPEK_RATE_LIMITS: "off",
    ...(valkey ? { KOPEK_VALKEY_URL: VALKEY } : {}),
  });
  try {
    const { client } = await new KopekClient(running.url).register(
      `bench-${crypto.randomUUID()}@example.com`,
      "Bench",
    );
    const group = await client.post("/v1/groups", { name: "Bench", currency: "EUR" });
    const g = group.body.id;
    const m = group.body.memberId;
    const live = await fetch(`${running.url}/v1/groups/${g}/live`, {
      headers: {
        authorization: `Bearer ${client.token}`,
        "Kopek-Min-Position": String(group.body.position),
      },
    });
    if (live.status !== 200) throw new Error(`live: ${live.status} ${await live.text()}`);
    const events = sseReader(live.body!);
    await events.next(); // ready
    const latencies: number[] = [];
    b.start();
    for (let i = 0; i < WRITES; i++) {
      const started = performance.now();
      const write = await client.post(`/v1/groups/${g}/expenses`, {
        description: `Coffee ${i}`,
        total: { amount: "3.20", currency: "EUR" },
        date: "2026-11-20",
        paidBy: [{ memberId: m, amount: "3.20" }],
        split: { mode: "equal", shares: [{ memberId: m }] },
      });
      if (write.status !== 201) throw new Error(`write ${i}: ${write.status}`);
      for (;;) {
        const e = await events.next();
        if (e === null) throw new Error("the stream ended");
        if (e.event === "change" && Number(e.id) >= write.body.position) break;
      }
      latencies.push(performance.now() - started);
    }
    b.end();
    await events.cancel();
    latencies.sort((x, y) => x - y);
    // deno-lint-ignore no-console
    console.log(
      `write → SSE (${label}), ${WRITES} writes: p50 ${
        percentile(latencies, 0.5).toFixed(1)
      } ms, ` +
        `p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${
          latencies[latencies.length - 1].toFixed(1)
        } ms`,
    );
  } finally {
    await running.stop();
  }
}

for (const [label, valkey] of [["in-process bus", false], ["Valkey", true]] as const) {
  Deno.bench({
    name: `write → SSE latency, ${label}`,
    group: "live",
    n: 1,
    warmup: 0,
    fn: async (b) => await measure(b, label, valkey),
  });
}
