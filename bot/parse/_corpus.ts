/**
 * The parser's corpus (`testdata/corpus.json`: real-sounding messages in
 * English, Spanish and German, each with its context and its expected parse)
 * and a runner shared by `corpus_test.ts` and the benchmark.
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import corpus from "./testdata/corpus.json" with { type: "json" };
import heldOut from "./testdata/heldout.json" with { type: "json" };
import { parseMessage } from "./parse.ts";
import type { ParseContext, ParseResult } from "./types.ts";

/** One corpus message. */
export interface CorpusCase {
  readonly context: ParseContext;
  readonly text: string;
  readonly expected: ParseResult;
}

/** A case the parser got wrong. */
export interface Miss {
  readonly text: string;
  readonly expected: ParseResult;
  readonly actual: ParseResult;
}

/** Every corpus case (or, with `"held-out"`, every held-out case), its named context resolved. */
export function corpusCases(which: "corpus" | "held-out" = "corpus"): CorpusCase[] {
  const source = which === "corpus" ? corpus : heldOut;
  const contexts = source.contexts as Record<string, ParseContext>;
  return source.cases.map((c) => ({
    context: contexts[c.context],
    text: c.text,
    expected: c.expected as ParseResult,
  }));
}

/** Parses every case; the share whose every field is right, and the misses. */
export function scoreCorpus(cases: readonly CorpusCase[]): { accuracy: number; misses: Miss[] } {
  const misses: Miss[] = [];
  for (const c of cases) {
    const actual = parseMessage(c.text, c.context);
    if (!isDeepStrictEqual(actual, c.expected)) {
      misses.push({ text: c.text, expected: c.expected, actual });
    }
  }
  return { accuracy: (cases.length - misses.length) / cases.length, misses };
}
