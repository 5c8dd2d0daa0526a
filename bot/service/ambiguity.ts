/**
 * Questions instead of guesses: for a message the parser refused as
 * ambiguous ("two amounts", "unknown name Zed"), the options a user can pick
 * from, each as the message rewritten so that it parses. Pure.
 *
 * @module
 */
import { parseMessage } from "../parse/parse.ts";
import type { ParseContext } from "../parse/types.ts";

/**
 * One button: its label and the text recorded when it is tapped. For a name,
 * an empty label means "drop it"; for a role, the label is the role:
 * `paid`, `shares` or `for`.
 */
export interface Choice {
  readonly label: string;
  readonly text: string;
}

/** A question about an ambiguous message. */
export interface Ambiguity {
  /** What is unclear: which amount, or who a name is. */
  readonly about:
    | { readonly kind: "amount" }
    | { readonly kind: "name"; readonly name: string }
    | { readonly kind: "role"; readonly name: string };
  readonly choices: readonly Choice[];
}

/** Amount-like runs: a number with an optional symbol or code around it. */
const AMOUNT =
  /(?:[$€£¥]\s?)?\d+(?:[.,]\d+)*(?:\s?(?:[$€£¥]|usd|eur|gbp|jpy|chf|bucks|dollars?|euros?)\b)?/gi;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The question to ask about `text`, refused by the parser for `reason`, or
 * undefined when the bot cannot offer choices (then it asks to rephrase).
 * Only choices whose text parses are offered.
 *
 * @example
 * ```ts
 * ambiguityOf("50 and 60 for pizza", "two amounts", ctx)!.choices.map((c) => c.label);
 * // ["50", "60"]
 * ```
 */
export function ambiguityOf(
  text: string,
  reason: string,
  context: ParseContext,
): Ambiguity | undefined {
  const parses = (t: string) => parseMessage(t, context).intent !== "unknown";
  if (reason === "two amounts") {
    const found = [...text.matchAll(AMOUNT)];
    const choices = found.map((keep) => ({
      label: keep[0].trim(),
      text: found.reduceRight(
        (t, other) =>
          other === keep ? t : t.slice(0, other.index) + t.slice(other.index + other[0].length),
        text,
      ),
    })).filter((c) => parses(c.text));
    return choices.length >= 2 ? { about: { kind: "amount" }, choices } : undefined;
  }
  const unknown = /^unknown name (.+)$/.exec(reason);
  if (unknown) {
    const name = unknown[1];
    const word = new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, "u");
    // One button per name, even when two members share it (the bot then asks which).
    const choices = [...new Set(context.members)].map((member) => ({
      label: member,
      text: text.replace(word, member),
    }));
    const dropped = text.replace(word, "").replace(/\s*(?:\s(?:and|y|und|et|e)|&|\+|,)\s*$/i, "");
    const all = [...choices, { label: "", text: dropped }].filter((c) => parses(c.text));
    return all.length > 0 ? { about: { kind: "name", name }, choices: all } : undefined;
  }
  const unclear = /^unclear role of (.+)$/.exec(reason);
  if (unclear) {
    // Said in English whatever the message's language: the parser reads all three.
    const name = unclear[1];
    const word = new RegExp(`(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`, "u");
    const rest = text.replace(word, "").replace(/\s+/g, " ").trim();
    const choices = [
      { label: "paid", text: `${rest} paid by ${name}` },
      { label: "shares", text: `${rest} split with ${name}` },
      { label: "for", text: `${rest} for ${name}` },
    ].filter((c) => parses(c.text));
    return choices.length > 0 ? { about: { kind: "role", name }, choices } : undefined;
  }
  return undefined;
}
