/**
 * "dois" is French for "(I) owe" and Portuguese for "two". Read as the French verb only after a
 * French subject or object pronoun ("je dois combien ?", "combien j'dois", "je lui dois 20"), so
 * that "vinte e dois euros" and "dois cafés 4,50" stay amounts and things. Pure.
 *
 * @module
 */
import type { Token } from "./text.ts";

/** Pronouns (keys) before which "dois" is the French verb; "j'" is "j". */
const FRENCH_BEFORE: ReadonlySet<string> = new Set(["je", "j", "tu", "lui", "te", "leur"]);

/** True when token `i` is "dois" that is not the French verb: the Portuguese number two. */
export function isPortugueseTwo(tokens: readonly Token[], i: number): boolean {
  return tokens[i].key === "dois" && !FRENCH_BEFORE.has(tokens[i - 1]?.key ?? "");
}
