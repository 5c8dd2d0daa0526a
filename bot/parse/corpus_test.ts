import assert from "node:assert/strict";
import { corpusCases, scoreCorpus } from "./_corpus.ts";

Deno.test("corpus: at least 200 messages in the three languages, every intent", () => {
  const cases = corpusCases();
  assert.ok(cases.length >= 200, `${cases.length} cases`);
  const intents = new Set(cases.map((c) => c.expected.intent));
  assert.deepEqual([...intents].sort(), ["balance", "expense", "settlement", "undo", "unknown"]);
});

Deno.test("parseMessage() gets above 97 % of the corpus entirely right", () => {
  const { accuracy, misses } = scoreCorpus(corpusCases());
  const listing = misses.map((m) =>
    `  ${JSON.stringify(m.text)}\n    expected ${JSON.stringify(m.expected)}\n    actual   ${
      JSON.stringify(m.actual)
    }`
  ).join("\n");
  assert.ok(
    accuracy > 0.97,
    `accuracy ${(accuracy * 100).toFixed(1)} %, ${misses.length} wrong:\n${listing}`,
  );
});
