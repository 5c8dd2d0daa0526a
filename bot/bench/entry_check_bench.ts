/**
 * What the entry check (ADR 0068) adds to reading a text: prints p50/p99 of
 * `checkEntry` over the corpus's expenses and settlements (20 rounds), then
 * lets `Deno.bench` time one pass. Run with `deno bench -A bot/bench/entry_check_bench.ts`.
 */
import { corpusCases } from "../parse/_corpus.ts";
import { parseMessage } from "../parse/parse.ts";
import { checkEntry } from "../service/entry_check.ts";

const entries = corpusCases().map((c) => [parseMessage(c.text, c.context), c.context] as const)
  .filter(([p]) => p.intent === "expense" || p.intent === "settlement");
const times: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const [parsed, context] of entries) {
    const start = performance.now();
    checkEntry(parsed, context);
    times.push((performance.now() - start) * 1000);
  }
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
// deno-lint-ignore no-console
console.log(
  `checkEntry: ${entries.length} entries × 20, p50 ${at(0.5).toFixed(1)} µs, p99 ${
    at(0.99).toFixed(1)
  } µs`,
);

Deno.bench("checkEntry() over the corpus's entries", () => {
  for (const [parsed, context] of entries) checkEntry(parsed, context);
});
