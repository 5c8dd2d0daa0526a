/**
 * `deno task bench`, first part: each row of issue 20's table beside its ceiling or peer measured
 * in the same run, as ratios (docs/performance.md, "Measuring"). One file per row; each writes
 * into a fresh database of the local PostgreSQL (`KOPEK_TEST_DATABASE_URL`).
 *
 *     deno run -A ops/bench/main.ts                          # every row, the issue's sizes
 *     KOPEK_BENCH_ROWS=append,http deno run -A ops/bench/main.ts
 *     KOPEK_BENCH_AUDIT_EVENTS=100000 KOPEK_BENCH_ASOF_EVENTS=20000 … # a quick run
 *
 * Sizes: `KOPEK_BENCH_APPENDS` (3,200), `KOPEK_BENCH_HTTP_SECONDS` (15) and
 * `KOPEK_BENCH_HTTP_WORKERS` (1), `KOPEK_BENCH_CATCHUP_EVENTS` (50,000),
 * `KOPEK_BENCH_ASOF_EVENTS` (100,000), `KOPEK_BENCH_AUDIT_EVENTS` (1,000,000). The HTTP row needs
 * Debian's wrk (`sh ops/ensure-wrk.sh`) and is left out without it.
 *
 * @module
 */
import { appendRow } from "./append.ts";
import { asOfRow } from "./as_of.ts";
import { auditRows } from "./audit.ts";
import { catchUpRows } from "./catchup.ts";
import { httpRow, wrkPresent } from "./http.ts";
import { type Row, table } from "./_row.ts";

type Measured = Row & { unit: string };

const ROWS: Record<string, () => Promise<Measured[]>> = {
  append: async () => [{ ...await appendRow(), unit: "events" }],
  http: async () => {
    if (!await wrkPresent()) {
      // deno-lint-ignore no-console
      console.error("http: wrk is not installed (sh ops/ensure-wrk.sh): row left out");
      return [];
    }
    return [{ ...await httpRow(), unit: "requests" }];
  },
  catchup: async () => (await catchUpRows()).map((r) => ({ ...r, unit: "events" })),
  asof: async () => [{ ...await asOfRow(), unit: "events" }],
  audit: async () => (await auditRows()).map((r) => ({ ...r, unit: "events" })),
};

if (import.meta.main) {
  const wanted = (Deno.env.get("KOPEK_BENCH_ROWS") ?? Object.keys(ROWS).join(",")).split(",");
  const unknown = wanted.filter((w) => !(w in ROWS));
  if (unknown.length > 0) {
    throw new Error(`KOPEK_BENCH_ROWS: no row ${unknown.join(", ")} (${Object.keys(ROWS)})`);
  }
  const rows: Measured[] = [];
  for (const name of wanted) {
    const started = performance.now();
    const measured = await ROWS[name]();
    rows.push(...measured);
    // deno-lint-ignore no-console
    console.error(`${name}: measured in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  // deno-lint-ignore no-console
  console.log(
    `\nIssue 20's rows, each beside its peer in the same run (load average ${
      Deno.loadavg()[0].toFixed(1)
    }, ${navigator.hardwareConcurrency} cores):\n\n${table(rows)}`,
  );
}
