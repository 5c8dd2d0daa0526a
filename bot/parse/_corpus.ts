/**
 * The parser's corpus (`testdata/corpus.json`: messages in English, Spanish, German, French and
 * Portuguese, each with its context, its language, the features it exercises and its expected
 * parse), the development sets (`testdata/dev.json` to `dev9.json`: held-out sets v1 to v9, read
 * to fix the parser, so spent), the held-out set (`testdata/heldout.json`: v10, the fresh set of the
 * round, written apart from the parser and never tuned to; between two sets an empty placeholder,
 * which every reader takes as a set of no messages) and a runner shared by `corpus_test.ts` and the
 * benchmarks.
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import corpus from "./testdata/corpus.json" with { type: "json" };
import dev from "./testdata/dev.json" with { type: "json" };
import dev2 from "./testdata/dev2.json" with { type: "json" };
import dev3 from "./testdata/dev3.json" with { type: "json" };
import dev4 from "./testdata/dev4.json" with { type: "json" };
import dev5 from "./testdata/dev5.json" with { type: "json" };
import dev6 from "./testdata/dev6.json" with { type: "json" };
import dev7 from "./testdata/dev7.json" with { type: "json" };
import dev8 from "./testdata/dev8.json" with { type: "json" };
import dev9 from "./testdata/dev9.json" with { type: "json" };
import heldOut from "./testdata/heldout.json" with { type: "json" };
import { parseMessage } from "./parse.ts";
import type { ParseContext, ParseResult } from "./types.ts";

/** One corpus message. */
export interface CorpusCase {
  readonly context: ParseContext;
  readonly text: string;
  readonly expected: ParseResult;
  /** Its language ("en", "es", "de", "fr", "pt"); "?" when the set does not say. */
  readonly lang: string;
  /** What it exercises ("people-list", "relative-date", "typo", …); may be empty. */
  readonly features: readonly string[];
}

/** A case the parser got wrong. */
export interface Miss {
  readonly text: string;
  readonly expected: ParseResult;
  readonly actual: ParseResult;
  readonly lang: string;
  readonly features: readonly string[];
}

/** How a set is scored. */
export interface Scoring {
  /**
   * Whether an expected `unknown` is right whatever its reason (the held-out set's rule: its
   * author wrote the intent, not the parser's wording of the reason).
   */
  readonly unknownByIntent: boolean;
}

interface RawCase {
  readonly context: string;
  readonly text: string;
  readonly expected: unknown;
  readonly lang?: string;
  readonly language?: string;
  readonly features?: readonly string[];
  readonly tags?: readonly string[];
}

/** The parser's message sets: what the rules were written against, the spent held-out sets, the held-out set. */
export type CorpusSet =
  | "corpus"
  | "dev"
  | "dev2"
  | "dev3"
  | "dev4"
  | "dev5"
  | "dev6"
  | "dev7"
  | "dev8"
  | "dev9"
  | "held-out";

/** The sets, in the order the benchmarks print them. */
export const CORPUS_SETS: readonly CorpusSet[] = [
  "corpus",
  "dev",
  "dev2",
  "dev3",
  "dev4",
  "dev5",
  "dev6",
  "dev7",
  "dev8",
  "dev9",
  "held-out",
];

const SOURCES = {
  corpus,
  dev,
  dev2,
  dev3,
  dev4,
  dev5,
  dev6,
  dev7,
  dev8,
  dev9,
  "held-out": heldOut,
} as const;

/** Every case of a set (the corpus by default), its named context resolved. */
export function corpusCases(which: CorpusSet = "corpus"): CorpusCase[] {
  // Read through `unknown`: the other sets are written apart, and their JSON's inferred type
  // may differ from the corpus's (extra fields, tags under another name).
  const source = SOURCES[which] as unknown as {
    readonly contexts: Record<string, ParseContext>;
    readonly cases: readonly RawCase[];
  };
  const contexts = source.contexts;
  return source.cases.map((c) => ({
    context: contexts[c.context],
    text: c.text,
    expected: c.expected as ParseResult,
    lang: c.lang ?? c.language ?? "?",
    features: c.features ?? c.tags ?? [],
  }));
}

/**
 * The scoring rule of a set: the sets written apart from the parser (dev, held-out) compare only
 * the intent of `unknown` cases.
 */
export function scoringOf(which: CorpusSet): Scoring {
  return { unknownByIntent: which !== "corpus" };
}

/** Whether `actual` is what `expected` says, under `scoring`. */
export function isRight(expected: ParseResult, actual: ParseResult, scoring: Scoring): boolean {
  if (scoring.unknownByIntent && expected.intent === "unknown") return actual.intent === "unknown";
  return isDeepStrictEqual(actual, expected);
}

/** Parses every case; the share whose every field is right, and the misses. */
export function scoreCorpus(
  cases: readonly CorpusCase[],
  scoring: Scoring = { unknownByIntent: false },
): { accuracy: number; misses: Miss[] } {
  const misses: Miss[] = [];
  for (const c of cases) {
    const actual = parseMessage(c.text, c.context);
    if (!isRight(c.expected, actual, scoring)) {
      misses.push({
        text: c.text,
        expected: c.expected,
        actual,
        lang: c.lang,
        features: c.features,
      });
    }
  }
  return {
    accuracy: cases.length === 0 ? 1 : (cases.length - misses.length) / cases.length,
    misses,
  };
}
