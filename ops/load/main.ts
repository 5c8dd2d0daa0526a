/**
 * `deno task load`: the Deno load driver's CLI (ADR 0033). Runs one or more
 * of the shared scenarios (`scenarios.js`, the k6 scripts' too) against a
 * running Kopek and prints the figures: requests/s, p50/p95/p99 per
 * request, errors by status, failed checks.
 *
 *   deno task load [--base http://127.0.0.1:8080] [--scenario mixed[,write,…]] [--vus 4]
 *                  [--duration 10] [--iterations N] [--json]
 *
 * Scenarios: write, ledger, read-your-writes, report, mixed. `--duration`
 * is in seconds. Exits 1 when a request got an answer it did not expect or
 * a check failed.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type Figures, formatFigures, runLoad, SCENARIOS } from "./driver.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    base: { type: "string", default: Deno.env.get("KOPEK_BASE_URL") ?? "http://127.0.0.1:8080" },
    scenario: { type: "string", default: "mixed" },
    vus: { type: "string", default: "4" },
    duration: { type: "string", default: "10" },
    iterations: { type: "string" },
    json: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  await Deno.stdout.write(
    new TextEncoder().encode(
      `deno task load [--base URL] [--scenario ${Object.keys(SCENARIOS).join("|")}[,…]] ` +
        `[--vus N] [--duration SECONDS] [--iterations N] [--json]\n`,
    ),
  );
  Deno.exit(0);
}

const all: Figures[] = [];
for (const scenario of values.scenario.split(",")) {
  const figures = await runLoad({
    base: values.base.replace(/\/$/, ""),
    scenario,
    vus: Number(values.vus),
    durationMs: Number(values.duration) * 1000,
    iterations: values.iterations ? Number(values.iterations) : undefined,
  });
  all.push(figures);
  if (!values.json) {
    await Deno.stdout.write(new TextEncoder().encode(`${formatFigures(figures)}\n`));
  }
}
if (values.json) {
  await Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(all, null, 2)}\n`));
}
const bad = all.some((f) =>
  Object.keys(f.errors).length > 0 || Object.keys(f.failedChecks).length > 0
);
Deno.exit(bad ? 1 : 0);
