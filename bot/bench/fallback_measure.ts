/**
 * What the language-model fallback adds (ADR 0068): runs every message the
 * rules leave `unknown` through the bot's own path — the rules' question if
 * they can ask one, else the fallback if the text is worth a call — and prints
 * how many reach the model, how many come back as a question the user may
 * confirm, whether that question is the expected entry, why the others fell
 * back, and the time a call adds.
 *
 *     deno run -A bot/bench/fallback_measure.ts                   # corpus, replayed answers
 *     deno run -A bot/bench/fallback_measure.ts --set held-out    # the held-out set (or dev)
 *     deno run -A bot/bench/fallback_measure.ts --url http://127.0.0.1:8080/v1 --model NAME
 *
 * Without `--url` the model is the local stand-in replaying `CORPUS_ANSWERS`
 * (hand-written answers in recorded envelopes; a message without one gets the
 * model's "unknown"): the figures then measure the bot's handling, not a
 * model. With `--url` (and `--key` for a hosted API) a real model answers.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { isDeepStrictEqual } from "node:util";
import { CORPUS_SETS, corpusCases } from "../parse/_corpus.ts";
import { parseMessage } from "../parse/parse.ts";
import { ambiguityOf } from "../service/ambiguity.ts";
import { modelBudget } from "../fallback/budget.ts";
import { modelFallback, worthAsking } from "../fallback/fallback.ts";
import { createMemoryStore } from "../state/store.ts";
import { answer, CORPUS_ANSWERS, ollama } from "../testing/model_recordings.ts";
import { startModelStandIn } from "../testing/model_stand_in.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    set: { type: "string", default: "corpus" },
    url: { type: "string" },
    model: { type: "string", default: "stand-in" },
    key: { type: "string" },
    "timeout-ms": { type: "string", default: "5000" },
  },
});
const which = CORPUS_SETS.find((s) => s === values.set) ?? "corpus";
const standIn = values.url
  ? undefined
  : startModelStandIn((message) => CORPUS_ANSWERS[message] ?? ollama(answer({ kind: "unknown" })));
const fallback = modelFallback({
  url: values.url ?? standIn!.url,
  model: values.model!,
  key: values.key,
  timeoutMs: Number(values["timeout-ms"]),
}, modelBudget(createMemoryStore(), { userHourly: 1_000_000, daily: 1_000_000 }));

const counts = { unknown: 0, rulesAsk: 0, notSent: 0, sent: 0, offered: 0, right: 0 };
const why: Record<string, number> = {};
const ms: number[] = [];
const lines: string[] = [];
for (const c of corpusCases(which)) {
  const rules = parseMessage(c.text, c.context);
  if (rules.intent !== "unknown") continue;
  counts.unknown++;
  if (ambiguityOf(c.text, rules.reason, c.context)) {
    counts.rulesAsk++;
    continue;
  }
  if (!worthAsking(c.text, rules.reason)) {
    counts.notSent++;
    continue;
  }
  counts.sent++;
  const start = performance.now();
  const guess = await fallback.guess(c.text, c.context, 1);
  ms.push(performance.now() - start);
  if (guess.kind === "entry") {
    counts.offered++;
    const right = isDeepStrictEqual(guess.entry, c.expected);
    if (right) counts.right++;
    lines.push(
      `  ${right ? "right" : "asked"} ${JSON.stringify(c.text)} (expected ${c.expected.intent})`,
    );
  } else {
    why[guess.why] = (why[guess.why] ?? 0) + 1;
    lines.push(`  none  ${JSON.stringify(c.text)}: ${guess.why} (expected ${c.expected.intent})`);
  }
}
ms.sort((a, b) => a - b);
const at = (p: number) => ms.length ? ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] : 0;
// deno-lint-ignore no-console
console.log(
  `fallback on the ${which} (${
    values.url ? `model ${values.model} at ${values.url}` : "stand-in replaying recordings"
  }):\n` +
    `  rules' unknowns ${counts.unknown}: asked back by the rules ${counts.rulesAsk}, ` +
    `not worth a call ${counts.notSent}, sent to the model ${counts.sent}\n` +
    `  offered as a question ${counts.offered} (equal to the expected parse: ${counts.right}); ` +
    `fell back: ${JSON.stringify(why)}\n` +
    `  time per call: p50 ${at(0.5).toFixed(1)} ms, max ${at(1).toFixed(1)} ms\n` +
    lines.join("\n"),
);
await standIn?.[Symbol.asyncDispose]();
