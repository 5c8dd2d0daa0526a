/**
 * A 60 MB import against the all-in-one process, as `deno task start` runs
 * it (its own process, its task's flags), on a real PostgreSQL:
 *
 * - the dump: one group with a long history (~45,000 expenses, ~53,000
 *   events; `KOPEK_BENCH_IMPORT_MB`, default 60) decided by the domain,
 *   appended to a scratch database and exported by the real writer to a
 *   file;
 * - while it is uploaded (streamed from the file) and imported, one client
 *   polls `/healthz` and another user reads their balances and records an
 *   expense, each every 50 ms;
 * - printed: the upload's time, the job's time in each phase, events/s, the
 *   process's resident set (before, and its peak during the import: the
 *   kernel's high-water mark, reset just before the upload), and the worst
 *   and p99 latency of `/healthz` and of the other user's reads and writes.
 *
 * Nothing is asserted (figures, not a test): compare them with the bounds in
 * docs/operations.md ("Imports"). Run with
 * `deno bench -A imports/bench/import_bench.ts` (part of `deno task bench`);
 * building the dump takes about a minute.
 */
import { createPostgresEventStore, migrate, sqlDumpStream, streamEvents } from "@kopek/eventstore";
import { createTestDatabase, dropStaleTestDatabases, freePort } from "@kopek/platform/testing";
import { KopekClient, spawnTask, waitReady } from "@kopek/testing";
import { appendGroup } from "../_testing.ts";

const TARGET_MB = Number(Deno.env.get("KOPEK_BENCH_IMPORT_MB") ?? "60");
/** Dump bytes per expense of `appendGroup` (its amends and voids included), measured. */
const BYTES_PER_EXPENSE = 1375;
const PREFIX = "kopek_importb";
const LOAD_EVERY_MS = 50;

// deno-lint-ignore no-console
const say = (line: string) => console.log(line);

function percentile(values: number[], p: number): number {
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function summary(label: string, ms: number[]): string {
  const worst = Math.max(...ms);
  return `${label}: ${ms.length} requests, p50 ${percentile(ms, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(ms, 0.99).toFixed(1)} ms, worst ${worst.toFixed(1)} ms ` +
    `(target under 1000 ms: ${worst < 1000 ? "met" : "MISSED"})`;
}

/** A process's resident set now and its high-water mark, in MiB (Linux). */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

/** Writes the dump of one long group to `path`; answers its size and event count. */
async function writeDump(path: string): Promise<{ bytes: number; events: number }> {
  await using source = await createTestDatabase(PREFIX);
  await migrate(source.sql);
  const store = createPostgresEventStore(source.sql);
  const expenses = Math.round((TARGET_MB * 1024 * 1024) / BYTES_PER_EXPENSE);
  const stream = await appendGroup(store, { name: "Round the world", expenses });
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  await sqlDumpStream(streamEvents(store, stream), {
    exportedAt: new Date().toISOString(),
    title: "bench",
  }).pipeTo(file.writable);
  const [{ n }] = await source.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM events`;
  return { bytes: (await Deno.stat(path)).size, events: n };
}

/** A call of the load: when it started and how long it took. */
interface Sample {
  readonly at: number;
  readonly ms: number;
}

/** Calls `step` every `everyMs` until `stop` aborts; answers each call's start and latency. */
async function every(
  everyMs: number,
  stop: AbortSignal,
  step: () => Promise<void>,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  while (!stop.aborted) {
    const at = performance.now();
    await step();
    samples.push({ at, ms: performance.now() - at });
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return samples;
}

/** The latencies of the samples that started in [from, to). */
const within = (samples: readonly Sample[], from: number, to: number) =>
  samples.filter((x) => x.at >= from && x.at < to).map((x) => x.ms);

/** The all-in-one process as `deno task start` runs it, on `dbUrl`, with `dir` as data folder. */
function startProcess(dbUrl: string, dir: string) {
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawnTask("start", {
    KOPEK_DATABASE_URL: dbUrl,
    KOPEK_DATA_DIR: dir,
    KOPEK_PORT: String(port),
    KOPEK_HOSTNAME: "127.0.0.1",
    KOPEK_LOG_LEVEL: "warn",
    KOPEK_RATE_LIMITS: "off",
    KOPEK_RATES_FETCH: "off",
    KOPEK_JWT_SECRET: "the-import-bench-secret-long-enough-0123456789",
  });
  const output = Promise.all([child.stdout, child.stderr].map(async (s) => {
    let text = "";
    for await (const chunk of s.pipeThrough(new TextDecoderStream())) text += chunk;
    return text;
  }));
  return { base, child, output };
}

/**
 * The load during the import, until `stop` aborts: `/healthz` polled, another user reading their
 * balances and recording an expense in turn, and the process's resident set sampled.
 */
async function startLoad(base: string, api: KopekClient, pid: number, stop: AbortSignal) {
  const { client: other } = await api.register("other@bench.test", "Other");
  const group = await other.post("/v1/groups", { name: "Flat", currency: "EUR" });
  const me = group.body.memberId as string;
  const failures: string[] = [];
  const health = every(LOAD_EVERY_MS, stop, async () => {
    const res = await fetch(`${base}/healthz`);
    await res.body?.cancel();
    if (res.status !== 200) failures.push(`/healthz ${res.status}`);
  });
  const reads: Sample[] = [];
  const writes: Sample[] = [];
  let n = 0;
  const user = every(LOAD_EVERY_MS, stop, async () => {
    const started = performance.now();
    if (n++ % 2 === 0) {
      const a = await other.get(`/v1/groups/${group.body.id}/balances`, {
        "kopek-min-position": String(group.body.position),
      });
      if (a.status !== 200) failures.push(`balances ${a.status} ${a.body.detail ?? ""}`);
      reads.push({ at: started, ms: performance.now() - started });
    } else {
      const a = await other.post(`/v1/groups/${group.body.id}/expenses`, {
        description: `Coffee ${n}`,
        total: { amount: "3.20", currency: "EUR" },
        date: "2026-11-20",
        paidBy: [{ memberId: me, amount: "3.20" }],
        split: { mode: "equal", shares: [{ memberId: me }] },
      });
      if (a.status !== 201) failures.push(`expense ${a.status} ${a.body.detail ?? ""}`);
      writes.push({ at: started, ms: performance.now() - started });
    }
  });
  const rss: { at: number; mib: number }[] = [];
  const sampler = every(20, stop, () => {
    rss.push({ at: performance.now(), mib: memoryOf(pid).rss });
    return Promise.resolve();
  });
  /** Once `stop` aborted: the latencies of `/healthz`. */
  const ended = async () => (await Promise.all([health, user, sampler]))[0];
  return { failures, reads, writes, rss, ended };
}

type Load = Awaited<ReturnType<typeof startLoad>>;

/**
 * Uploads the dump (streamed from the file) and follows the job to its end; answers when it
 * started, the upload's time, when each phase began (ms from the start) and the job.
 */
async function runImport(base: string, importer: KopekClient, dumpPath: string) {
  const t = performance.now();
  const file = await Deno.open(dumpPath);
  const queued = await fetch(`${base}/v1/imports`, {
    method: "POST",
    headers: { authorization: `Bearer ${importer.token}`, "content-type": "application/sql" },
    body: file.readable,
  });
  if (queued.status !== 202) throw new Error(`upload: ${queued.status} ${await queued.text()}`);
  const { id } = await queued.json();
  const uploaded = performance.now() - t;
  const phases: Record<string, number> = {};
  let job;
  for (;;) {
    job = (await importer.get(`/v1/imports/${id}`)).body;
    const phase = job.status === "running" ? job.progress?.phase ?? "running" : job.status;
    phases[phase] ??= performance.now() - t;
    if (["done", "refused", "failed"].includes(job.status)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return { t, uploaded, phases, job, total: performance.now() - t };
}

type Import = Awaited<ReturnType<typeof runImport>>;

/** Prints the import's times, its rate, the memory and the load's latencies, overall and per phase. */
function report(figures: {
  dumpBytes: number;
  run: Import;
  appended: number;
  memory: { before: number; peak: number };
  load: Load;
  healthMs: Sample[];
}) {
  const { dumpBytes, appended, memory, load, healthMs } = figures;
  const { t, uploaded, phases, total } = figures.run;
  const { reads, writes, rss, failures } = load;
  const appending = phases.done - (phases.appending ?? phases.done);
  say(
    `import of ${(dumpBytes / 1024 / 1024).toFixed(1)} MiB: upload ${
      (uploaded / 1000).toFixed(1)
    } s, ` +
      `then checking from ${((phases.checking ?? NaN) / 1000).toFixed(1)} s, appending from ${
        ((phases.appending ?? NaN) / 1000).toFixed(1)
      } s, done at ${(total / 1000).toFixed(1)} s`,
  );
  say(
    `events: ${appended} appended; ${Math.round(appended / (total / 1000))} events/s overall, ` +
      `${Math.round(appended / (appending / 1000))} events/s while appending`,
  );
  say(
    `all-in-one process memory: RSS ${memory.before.toFixed(0)} MiB before, peak ${
      memory.peak.toFixed(0)
    } MiB during the import`,
  );
  const all = [t, Infinity] as const;
  say(summary("/healthz every 50 ms", within(healthMs, ...all)));
  say(summary("another user's reads (balances)", within(reads, ...all)));
  say(summary("another user's writes (expense)", within(writes, ...all)));
  // Per phase: the upload and the appends are the job layer's; the checking is mostly the engine's.
  const windows: [string, number, number][] = [
    ["upload", t, t + uploaded],
    ["checking", t + (phases.checking ?? uploaded), t + (phases.appending ?? total)],
    ["appending", t + (phases.appending ?? total), t + total],
  ];
  for (const [phase, from, to] of windows) {
    const mib = rss.filter((x) => x.at >= from && x.at < to).map((x) => x.mib);
    const worst = (xs: number[]) => xs.length ? `${Math.max(...xs).toFixed(0)} ms` : "-";
    say(
      `  ${phase} (${((to - from) / 1000).toFixed(1)} s): RSS up to ${
        mib.length ? Math.max(...mib).toFixed(0) : "-"
      } MiB; worst /healthz ${worst(within(healthMs, from, to))}, reads ${
        worst(within(reads, from, to))
      }, writes ${worst(within(writes, from, to))}`,
    );
  }
  say(
    `failed requests of the load: ${failures.length}${
      failures.length ? ` (${[...new Set(failures)].slice(0, 5).join("; ")})` : ""
    }`,
  );
}

async function measure() {
  await dropStaleTestDatabases(PREFIX);
  const dir = await Deno.makeTempDir({ prefix: "kopek-importb-" });
  const dumpPath = `${dir}/dump.sql`;
  const t = performance.now();
  const dump = await writeDump(dumpPath);
  say(
    `dump: ${(dump.bytes / 1024 / 1024).toFixed(1)} MiB, ${dump.events} events ` +
      `(built and exported in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
  );

  await using db = await createTestDatabase(PREFIX);
  const { base, child, output } = startProcess(db.url, dir);
  try {
    await waitReady(base, 120_000);
    const api = new KopekClient(base);
    const { client: importer } = await api.register("importer@bench.test", "Importer");
    const stop = new AbortController();
    const load = await startLoad(base, api, child.pid, stop.signal);
    await new Promise((r) => setTimeout(r, 1000));
    const before = memoryOf(child.pid);
    // Reset the high-water mark: the peak is the import's, not the start's.
    Deno.writeTextFileSync(`/proc/${child.pid}/clear_refs`, "5");

    const run = await runImport(base, importer, dumpPath);
    const peak = memoryOf(child.pid).peak;
    stop.abort();
    const healthMs = await load.ended();
    const { job } = run;
    if (job.status !== "done") throw new Error(`the import ended ${JSON.stringify(job)}`);
    const [{ appended }] = await db.sql<{ appended: number }[]>`
      SELECT count(*)::int AS appended FROM events
      WHERE stream = ${"group-" + (job.groups as { id: string }[])[0].id}`;
    const memory = { before: before.rss, peak };
    report({ dumpBytes: dump.bytes, run, appended, memory, load, healthMs });
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await output;
    await Deno.remove(dir, { recursive: true });
  }
}

/** `f` run once, however often the answer is asked for. */
function once(f: () => Promise<void>): () => Promise<void> {
  let run: Promise<void> | undefined;
  return () => run ??= f();
}

// deno bench may call a bench more than once even with n: 1; the import is measured once (the
// figures are the printed lines, not the table's time).
const importOnce = once(measure);
Deno.bench({
  name: `import of a ${TARGET_MB} MB dump in the all-in-one process, under load`,
  group: "imports",
  n: 1,
  warmup: 0,
  fn: async () => await importOnce(),
});
