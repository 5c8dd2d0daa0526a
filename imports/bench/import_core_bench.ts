/**
 * The pure core of an import on a large generated dump, read from a file:
 *
 * - the strict dump reader alone (bytes → verified events);
 * - pass 1: the reader and the source check (every command decided again);
 * - pass 2: the reader and the target replay (checked again, translated,
 *   decided for the importer);
 *
 * each as events/s and MB/s, with the peak memory of the process while it
 * runs (resident set and JS heap, sampled every 20 ms) against before — the
 * reader holds one line at a time and the core one folded state per group,
 * so the peak should not grow with the dump.
 *
 * Run with `deno bench -A command-api/bench/import_core_bench.ts` (part of
 * `deno task bench`; add `--v8-flags=--expose-gc` to also print the heap each
 * pass still holds after a collection, its true memory beside V8's slack); `KOPEK_BENCH_IMPORT_EVENTS` sets the size (default
 * 50,000 events, a dump of about 57 MB).
 */
import type { ExpenseInput, ResolvedFx } from "@kopek/domain";
import { SourceCheck, type SourceSummary, TargetReplay } from "@kopek/domain";
import { type HistoryWriter, IMPORT_NOW, richHistory, USERS } from "@kopek/domain/testing";
import { readSqlDump } from "@kopek/eventstore";
import { dumpOf } from "@kopek/eventstore/dump/testing";
import { derivedIdFor } from "../ids.ts";

const EVENTS = Number(Deno.env.get("KOPEK_BENCH_IMPORT_EVENTS") ?? "50000");

/** A group with every kind of event, then expenses, amends, voids and settlements up to `n`. */
function bigHistory(n: number): HistoryWriter {
  const w = richHistory(undefined, 1);
  let next = 1_000_000;
  const id = () => `0b0e0000-0000-4000-8000-${(next++).toString(16).padStart(12, "0")}`;
  const active = [...w.state.members.values()].filter((m) => m.active).map((m) => m.id);
  const owner = [...w.state.members.values()].find((m) => m.role === "owner")!.userId!;
  const expenses: string[] = [];
  const settlements: string[] = [];
  for (let i = 0; w.events.length < n; i++) {
    w.clock += 60_000;
    const date = new Date(w.clock).toISOString().slice(0, 10);
    const currency = ["EUR", "USD", "JPY"][i % 3];
    const amount = currency === "JPY"
      ? String(1000 + i % 5000)
      : `${10 + i % 90}.${String(i % 100).padStart(2, "0")}`;
    const sharers = active.slice(0, 2 + (i % 4));
    const fx: ResolvedFx | null = currency === "EUR"
      ? null
      : i % 2 === 0
      ? { kind: "rate", rate: currency === "JPY" ? "0.0061" : "0.92", date, source: "ecb" }
      : { kind: "converted", amount: "9.99", date };
    const input: ExpenseInput = {
      description: `Expense ${i}`,
      total: { amount, currency },
      date,
      category: "food",
      paidBy: [{ memberId: sharers[i % sharers.length], amount }],
      split: i % 2 === 0
        ? { mode: "equal", shares: sharers.map((memberId) => ({ memberId })) }
        : { mode: "shares", shares: sharers.map((memberId, k) => ({ memberId, weight: k + 1 })) },
      note: i % 5 === 0 ? "with a note" : null,
    };
    if (i % 13 === 12) {
      const settlementId = id();
      w.run({
        type: "settlement.record",
        settlementId,
        input: {
          from: active[1],
          to: active[0],
          amount: { amount: "5.25", currency: "EUR" },
          date,
        },
        fx: null,
      }, owner);
      settlements.push(settlementId);
    } else if (i % 29 === 28 && settlements.length > 0) {
      w.run({ type: "settlement.void", settlementId: settlements.shift()! }, owner);
    } else if (i % 7 === 6 && expenses.length > 0) {
      w.run({ type: "expense.amend", expenseId: expenses.at(-1)!, input, fx }, owner);
    } else if (i % 11 === 10 && expenses.length > 0) {
      w.run({ type: "expense.void", expenseId: expenses.shift()! }, owner);
    } else {
      const expenseId = id();
      w.run({ type: "expense.record", expenseId, input, fx }, USERS[1]);
      expenses.push(expenseId);
    }
  }
  return w;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/**
 * Writes the dump to a temporary file (the history is garbage once written)
 * and checks it in memory once for pass 2's summary; answers where it is.
 */
async function writeDump(): Promise<{ file: string; size: number; summary: SourceSummary }> {
  const t = performance.now();
  const history = bigHistory(EVENTS);
  const file = await Deno.makeTempFile({ suffix: ".sql" });
  await Deno.writeTextFile(file, await dumpOf(history.events, { title: "import bench" }));
  const size = (await Deno.stat(file)).size;
  // deno-lint-ignore no-console
  console.log(
    `generated ${history.events.length} events, a dump of ${mb(size)} MB, in ${
      ((performance.now() - t) / 1000).toFixed(1)
    } s`,
  );
  const check = new SourceCheck({ nowMs: IMPORT_NOW });
  history.events.forEach((e, i) => check.push({ ...e, position: i + 1 }));
  return { file, size, summary: check.finish().summary };
}

const { file, size, summary } = await writeDump();
globalThis.addEventListener("unload", () => Deno.removeSync(file));

async function open() {
  return (await Deno.open(file)).readable;
}

/** V8's collector, when the bench runs with `--v8-flags=--expose-gc`. */
const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Runs `work` over the dump's events, timing it and sampling memory; prints
 * the figures. `work` answers what it keeps (the check, the replay): with
 * `gc` exposed, the heap it still holds after a collection is printed too.
 */
async function measure(what: string, work: (push: (e: unknown) => void) => Promise<unknown>) {
  gc?.();
  const before = Deno.memoryUsage();
  let peak = { ...before };
  const sampler = setInterval(() => {
    const m = Deno.memoryUsage();
    peak = {
      ...peak,
      rss: Math.max(peak.rss, m.rss),
      heapUsed: Math.max(peak.heapUsed, m.heapUsed),
    };
  }, 20);
  const started = performance.now();
  let n = 0;
  const kept = await work(() => n++);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  gc?.();
  const retained = gc && kept !== undefined
    ? `, ${mb(Deno.memoryUsage().heapUsed - before.heapUsed)} MB still held after a collection`
    : "";
  // deno-lint-ignore no-console
  console.log(
    `${what}: ${n} events, ${mb(size)} MB in ${seconds.toFixed(2)} s = ${
      Math.round(n / seconds)
    } events/s, ` +
      `${(size / 1024 / 1024 / seconds).toFixed(1)} MB/s; peak RSS ${mb(peak.rss)} MB (before ${
        mb(before.rss)
      } MB), ` +
      `peak JS heap ${mb(peak.heapUsed)} MB (before ${mb(before.heapUsed)} MB)${retained}`,
  );
}

Deno.bench({
  name: `dump reader alone: ${EVENTS} events from a file`,
  n: 1,
  warmup: 0,
  async fn() {
    await measure("reader", async (count) => {
      const reader = readSqlDump(await open());
      for await (const e of reader) count(e);
      return reader.verified;
    });
  },
});

Deno.bench({
  name: `pass 1: reader + source check, ${EVENTS} events`,
  n: 1,
  warmup: 0,
  async fn() {
    await measure("pass 1 (reader + source check)", async (count) => {
      const check = new SourceCheck({ nowMs: IMPORT_NOW });
      const reader = readSqlDump(await open());
      for await (const e of reader) {
        check.push(e);
        count(e);
      }
      void reader.verified;
      check.finish();
      return check;
    });
  },
});

Deno.bench({
  name: `pass 2: reader + target replay, ${EVENTS} events`,
  n: 1,
  warmup: 0,
  async fn() {
    await measure("pass 2 (reader + target replay)", async (count) => {
      const replay = new TargetReplay({
        summary,
        importerUserId: "0c0c0c0c-0000-4000-8000-000000000001",
        idFor: derivedIdFor("bench"),
        nowMs: IMPORT_NOW,
      });
      const reader = readSqlDump(await open());
      let appended = 0;
      for await (const e of reader) {
        for (const c of replay.push(e)) appended += c.events.length;
        count(e);
      }
      void reader.verified;
      for (const c of replay.finish().commands) appended += c.events.length;
      if (appended < EVENTS * 0.9) throw new Error(`only ${appended} events replayed`);
      return replay;
    });
  },
});
