/**
 * Two ways of saying who owes whom that the role step does not cover:
 * settling up ("settled up with Bob 30", "saldé con Bob 30", "mit Bob 30
 * abgerechnet": a settlement from the sender, or the named subject, to the
 * other) and debts ("Bob owes me 20", "le debo 20 a Bob", "ich schulde Bob
 * 20": an expense the creditor paid for the debtor alone). Pure.
 *
 * @module
 */
import { resolvePerson } from "./people.ts";
import type { Token } from "./text.ts";
import { isPortugueseTwo } from "./two_or_owe.ts";
import type { ParseContext, Refusal } from "./types.ts";

/** Verbs of settling up (keys). */
const SETTLE: ReadonlySet<string> = new Set([
  "settled",
  "settle",
  "squared",
  "salde",
  "saldado",
  "ausgeglichen",
  "abgerechnet",
  "regle",
  "regles",
  "acertei",
  "acertamos",
  "acertou",
  "acertado",
]);
/** Particles of settling up: "settled up", "squared up". */
const UP: ReadonlySet<string> = new Set(["up"]);
/** "with Bob", "con Bob", "mit Bob". */
const WITH: ReadonlySet<string> = new Set(["with", "con", "mit", "avec", "com"]);
/** Verbs of owing (keys). */
const OWE: ReadonlySet<string> = new Set([
  "owes",
  "owe",
  "debe",
  "debo",
  "debes",
  "schuldet",
  "schulde",
  "schuldest",
  "doit",
  "dois",
  "deve",
  "devo",
]);
/** Owing verbs whose subject, when none is named, is the sender: "debo 20 a Bob". */
const FIRST_PERSON: ReadonlySet<string> = new Set(["debo", "schulde", "dois", "devo"]);
/** Spanish object clitics before the verb: "Bob me debe" (to me), "le debo" (to them). */
const CLITIC: ReadonlySet<string> = new Set(["me", "le", "te", "lui"]);
/** Words between an owing verb and its creditor: "owes 20 to Bob", "a Bob". */
const TO: ReadonlySet<string> = new Set(["to", "a", "an", "ao"]);

/** The words of settling up and owing (for typo correction). */
export function debtWords(): string[] {
  return [...SETTLE, ...OWE];
}

/** Words that make a message a settling up or a debt (for the vocabulary). */
export function isDebtWord(key: string): boolean {
  return SETTLE.has(key) || OWE.has(key);
}

/** "settled up with Bob": who handed money to whom. */
export interface SettleUp {
  readonly kind: "settle";
  readonly from: string;
  readonly to: string;
}

/** "Bob owes me 20": who owes (the debtor) and who is owed (the creditor). */
export interface Debt {
  readonly kind: "debt";
  readonly debtor: string;
  readonly creditor: string;
}

function member(token: Token | undefined, context: Pick<ParseContext, "me" | "members">) {
  const p = resolvePerson(token, context);
  return p !== undefined && "member" in p ? p.member : undefined;
}

/**
 * Finds a settling up or a debt among the unclaimed words and claims them;
 * `undefined` when the message says neither, a refusal when it says one
 * unclearly ("owes" without a creditor).
 */
export function findDebt(
  tokens: readonly Token[],
  claimed: boolean[],
  context: Pick<ParseContext, "me" | "members">,
): SettleUp | Debt | Refusal | undefined {
  const at = tokens.findIndex((t, i) =>
    !claimed[i] && (SETTLE.has(t.key) || (OWE.has(t.key) && !isPortugueseTwo(tokens, i)))
  );
  if (at < 0) return undefined;
  const verb = tokens[at].key;
  const claim = (i: number) => (claimed[i] = true);

  if (SETTLE.has(verb)) {
    const w = tokens.findIndex((t, i) =>
      !claimed[i] && WITH.has(t.key) && member(tokens[i + 1], context) !== undefined
    );
    if (w < 0) return { reason: "settled with whom" };
    const other = member(tokens[w + 1], context)!;
    claim(at);
    claim(w);
    claim(w + 1);
    if (UP.has(tokens[at + 1]?.key ?? "")) claim(at + 1);
    const s = at - 1;
    const subject = s >= 0 && !claimed[s] ? member(tokens[s], context) : undefined;
    if (subject !== undefined) claim(s);
    const from = subject ?? context.me;
    if (from === other) return { reason: "payer and receiver are the same" };
    return { kind: "settle", from, to: other };
  }

  claim(at);
  let creditor: string | undefined;
  let before = at - 1;
  if (before >= 0 && !claimed[before] && CLITIC.has(tokens[before].key)) {
    if (tokens[before].key === "me") creditor = context.me;
    claim(before);
    before--;
  }
  let debtor: string | undefined;
  if (before >= 0 && !claimed[before]) {
    debtor = member(tokens[before], context);
    if (debtor !== undefined) claim(before);
  }
  debtor ??= FIRST_PERSON.has(verb) ? context.me : undefined;
  if (debtor === undefined) return { reason: "owed by whom" };
  if (creditor === undefined) {
    for (let i = at + 1; i < tokens.length; i++) {
      if (claimed[i]) continue;
      const who = member(tokens[i], context);
      if (who !== undefined) {
        creditor = who;
        claim(i);
        if (i > 0 && TO.has(tokens[i - 1].key) && !claimed[i - 1]) claim(i - 1);
        break;
      }
    }
  }
  if (creditor === undefined) return { reason: "owed to whom" };
  if (creditor === debtor) return { reason: "payer and receiver are the same" };
  return { kind: "debt", debtor, creditor };
}
