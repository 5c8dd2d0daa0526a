/**
 * The message parser against its corpus: prints the accuracy (share of
 * messages whose every field is right) and the p50/p99 parse time in
 * microseconds, the accuracy on a held-out set written without running the parser (and what
 * it missed), then lets `Deno.bench` time one pass over the corpus.
 * Run with `deno bench -A bot/`.
 */
import { parseMessage } from "../mod.ts";
import { corpusCases, scoreCorpus } from "../parse/_corpus.ts";

const ROUNDS = 20;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const cases = corpusCases();
const { accuracy, misses } = scoreCorpus(cases);
const times: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const c of cases) {
    const start = performance.now();
    parseMessage(c.text, c.context);
    times.push((performance.now() - start) * 1000);
  }
}
times.sort((a, b) => a - b);
// deno-lint-ignore no-console
console.log(
  `parser corpus: ${cases.length} messages, accuracy ${
    (accuracy * 100).toFixed(1)
  } % (${misses.length} wrong), parse time p50 ${percentile(times, 0.5).toFixed(1)} µs, p99 ${
    percentile(times, 0.99).toFixed(1)
  } µs`,
);

// Messages written after the parser, without running it: a fairer accuracy than the corpus it
// was tuned on.
const held = scoreCorpus(corpusCases("held-out"));
// deno-lint-ignore no-console
console.log(
  `parser held-out set: ${corpusCases("held-out").length} messages, accuracy ${
    (held.accuracy * 100).toFixed(1)
  } % (${held.misses.length} wrong)`,
);
for (const m of held.misses) {
  // deno-lint-ignore no-console
  console.log(`  missed: ${m.text} → ${JSON.stringify(m.actual)}`);
}

Deno.bench("parseMessage() over the whole corpus", () => {
  for (const c of cases) parseMessage(c.text, c.context);
});
