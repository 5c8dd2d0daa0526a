import assert from "node:assert/strict";
import { CORPUS_SETS, corpusCases, isRight, scoreCorpus, scoringOf } from "./_corpus.ts";

Deno.test("corpus: messages in the five languages, every intent, every feature tagged", () => {
  const cases = corpusCases();
  assert.ok(cases.length >= 390, `${cases.length} cases`);
  const intents = new Set(cases.map((c) => c.expected.intent));
  assert.deepEqual([...intents].sort(), ["balance", "expense", "settlement", "undo", "unknown"]);
  const langs = new Set(cases.map((c) => c.lang));
  assert.deepEqual([...langs].sort(), ["de", "en", "es", "fr", "pt"]);
  const features = new Set(cases.flatMap((c) => c.features));
  for (
    const f of [
      "people-list",
      "number-words",
      "relative-date",
      "typo",
      "compound",
      "lexicon",
      "language",
    ]
  ) assert.ok(features.has(f), f);
});

Deno.test("parseMessage() gets at least 99 % of the corpus entirely right", () => {
  const { accuracy, misses } = scoreCorpus(corpusCases(), scoringOf("corpus"));
  const listing = misses.map((m) =>
    `  ${JSON.stringify(m.text)}\n    expected ${JSON.stringify(m.expected)}\n    actual   ${
      JSON.stringify(m.actual)
    }`
  ).join("\n");
  assert.ok(
    accuracy >= 0.99,
    `accuracy ${(accuracy * 100).toFixed(1)} %, ${misses.length} wrong:\n${listing}`,
  );
});

// The level each reached once its misses were fixed (dev3: 6 misses of 325 left; dev4: 38 of
// 378, ADR 0067's round 5, 32 after round 6, 21 after round 7, 20 after round 9, 18 after round
// 10; dev5: 42 of 353, round 6, 38 after round 7, 37 after round 8, 33 after round 9, 32 after
// round 10; dev6: 36 of 390, round 7, 34 after round 9; dev7: 67 of 408, round 8, 66 after round
// 9, 64 after round 10; dev8: 123 of 412 before round 9, 34 after, 28 after round 10; dev9: 95 of
// 414 before round 10, 14 after). The held-out set (`heldout.json`, v10; an empty placeholder
// between two sets) is measured by the bench, never gated.
const GATES = {
  dev: 0.99,
  dev2: 0.99,
  dev3: 0.98,
  dev4: 0.89,
  dev5: 0.88,
  dev6: 0.89,
  dev7: 0.82,
  dev8: 0.9,
  dev9: 0.95,
} as const;

for (const [set, gate] of Object.entries(GATES) as [keyof typeof GATES, number][]) {
  Deno.test(`the development set ${set}, spent on the rules' fixes, stays at ${gate * 100} % or more`, () => {
    // Each was the held-out set until its misses were read to fix the parser (ADR 0067's
    // revisions): it now guards those fixes like the corpus. The held-out set is measured, never
    // gated.
    const { accuracy, misses } = scoreCorpus(corpusCases(set), scoringOf(set));
    assert.ok(
      accuracy >= gate,
      `accuracy ${(accuracy * 100).toFixed(1)} %, wrong: ${misses.map((m) => m.text).join(" | ")}`,
    );
  });
}

Deno.test("the held-out set's scorer compares only the intent of an expected unknown", () => {
  const expected = { intent: "unknown", reason: "two amounts" } as const;
  const other = { intent: "unknown", reason: "no amount" } as const;
  assert.equal(isRight(expected, other, scoringOf("held-out")), true);
  assert.equal(isRight(expected, other, scoringOf("corpus")), false);
  assert.equal(isRight(expected, { intent: "balance" }, scoringOf("held-out")), false);
  // Every case of the sets written apart has a context the set defines.
  for (const set of CORPUS_SETS.filter((s) => s !== "corpus")) {
    for (const c of corpusCases(set)) assert.ok(c.context !== undefined, `${set}: ${c.text}`);
  }
});

Deno.test("an empty set (the held-out set's placeholder before its messages land) scores without failing", () => {
  const { accuracy, misses } = scoreCorpus([], scoringOf("held-out"));
  assert.equal(accuracy, 1);
  assert.deepEqual(misses, []);
  assert.ok(Array.isArray(corpusCases("held-out")));
});
