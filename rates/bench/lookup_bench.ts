/**
 * Rate lookups per second, straight from PostgreSQL and through the cache
 * (Valkey and in-process): the recorded ECB files loaded, then lookups of
 * random pairs and dates, 16 in flight at a time. Run with
 * `deno bench -A rates/bench/lookup_bench.ts`; prints lookups/s.
 */
import { createInProcessBus, createLogger, createValkeyBus } from "@kopek/platform";
import { createTestDatabase, dropStaleTestDatabases } from "@kopek/platform/testing";
import { DAILY_FILE, HISTORY_FILE } from "../_testing.ts";
import { importRatesFile } from "../import.ts";
import { rateFor } from "../lookup.ts";
import { createCachedFxResolver } from "../cached.ts";
import { ratesMigrate } from "../store.ts";

const LOOKUPS = Number(Deno.env.get("KOPEK_BENCH_LOOKUPS") ?? "5000");
const CONCURRENCY = 16;
/** The prefix of this bench's databases (no other bench or test uses it). */
const PREFIX = "kopek_ratesbench";

await dropStaleTestDatabases(PREFIX);

const db = await createTestDatabase(PREFIX);
await ratesMigrate(db.sql);
await importRatesFile(db.sql, HISTORY_FILE);
await importRatesFile(db.sql, DAILY_FILE);

const CURRENCIES = ["EUR", "USD", "JPY", "GBP", "CHF", "PLN", "SEK", "CZK", "AUD", "CAD"];
/** Dates across the 90 days of 2017 (weekends included), and the day of the daily file. */
const DATES = [
  ...Array.from(
    { length: 90 },
    (_, i) => new Date(Date.UTC(2016, 11, 5 + i)).toISOString().slice(0, 10),
  ),
  "2022-07-08",
];

/** A small deterministic generator, so that every run asks the same questions. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(7);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
const questions = Array.from({ length: LOOKUPS }, () => {
  const from = pick(CURRENCIES);
  let to = pick(CURRENCIES);
  while (to === from) to = pick(CURRENCIES);
  return [from, to, pick(DATES)] as const;
});

const logger = createLogger({ level: "silent" });
const valkey = await createValkeyBus(
  Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379",
  {
    logger,
    prefix: `kopek-bench:${crypto.randomUUID()}:`,
  },
);
const inProcess = createInProcessBus();

type Lookup = (from: string, to: string, date: string) => Promise<unknown>;

/** Runs every question through `lookup`, 16 in flight, and prints lookups/s. */
async function lookups(b: Deno.BenchContext, label: string, lookup: Lookup) {
  b.start();
  const started = performance.now();
  let next = 0;
  let found = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < questions.length) {
      const [from, to, date] = questions[next++];
      if (await lookup(from, to, date)) found += 1;
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  b.end();
  if (found === 0) throw new Error("no lookup found a rate");
  // deno-lint-ignore no-console
  console.log(
    `rate lookups (${label}): ${
      Math.round(LOOKUPS / seconds)
    } lookups/s (${found}/${LOOKUPS} found)`,
  );
}

const cases: [string, Lookup][] = [
  ["PostgreSQL, no cache", (from, to, date) => rateFor(db.sql, from, to, date)],
  ["Valkey cache, warm", createCachedFxResolver(db.sql, valkey).rate],
  ["in-process cache, warm", createCachedFxResolver(db.sql, inProcess).rate],
];
for (const [label, lookup] of cases) {
  Deno.bench({
    name: `rate lookups, ${label}: ${LOOKUPS} lookups, ${CONCURRENCY} in flight`,
    group: "rates",
    baseline: label.startsWith("PostgreSQL"),
    n: 3,
    // The warm-up run fills the cache: the measured runs are hits.
    warmup: 1,
    fn: async (b) => await lookups(b, label, lookup),
  });
}

globalThis.addEventListener("unload", () => {
  valkey.close();
});
