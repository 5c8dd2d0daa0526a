import { isHandingVerb } from "./roles.ts";
import type { Token } from "./text.ts";
import { isPortugueseTwo } from "./two_or_owe.ts";

/** Keys that ask for balances when the message has no number. */
const BALANCE: ReadonlySet<string> = new Set([
  "balance",
  "balances",
  "owe",
  "owes",
  "saldo",
  "saldos",
  "debo",
  "debe",
  "debemos",
  "deuda",
  "deudas",
  "kontostand",
  "schulde",
  "schuldet",
  "schulden",
  "schuldig",
  "salden",
  "bilanz",
  "solde",
  "soldes",
  "dette",
  "dettes",
  "doit",
  "dois",
  "combien",
  "devo",
  "deve",
  "divida",
  "dividas",
  "quanto",
  // "how do our accounts stand": "¿cómo vamos de cuentas?", "on en est où des comptes", "as
  // contas", "die Abrechnung", "are we even", "on est quittes".
  "accounts",
  "cuentas",
  "comptes",
  "contas",
  "abrechnung",
  "even",
  "stand",
  "quitte",
  "quittes",
  // Owing said in the gerund ("who's owing who", "owin", "quem tá devendo pra quem?", "quién
  // está debiendo") and the running account ("what's the tab looking like").
  ...["owing", "owin", "devendo", "debiendo", "tab"],
  // German "kriegen" (get): "was krieg ich noch von euch?", "wer kriegt noch was?" (round 9).
  ...["krieg", "kriege", "kriegt", "kriegst", "kriegen"],
  // Its spoken Ruhr, Berlin and northern forms, g as ch: "wer kricht noch wat?" (round 10).
  ...["krich", "kriche", "kricht", "krichst"],
]);

/** Keys that ask to undo the last command when the message has no number. */
const UNDO: ReadonlySet<string> = new Set([
  "undo",
  "deshacer",
  "deshaz",
  "ruckgangig",
  "ruckgaengig",
  "annuler",
  "annule",
  "defaire",
  "desfazer",
  "desfaz",
  "desfaca",
  "storno",
  "stornieren",
  "storniere",
  "stornier",
]);

/**
 * Verbs of deleting or cancelling (keys): with a word for "last", an undo ("borra el último").
 * Grammar words (so that "apague" is not corrected to "pague"), but for "apagar" and "loschen",
 * which the generated category lexicon holds (known words already; it holds no grammar word).
 */
const DELETE: ReadonlySet<string> = new Set([
  ...["delete", "remove", "cancel", "erase", "scrap", "ditch", "drop", "scratch"],
  ...["borra", "borrar", "borre", "elimina", "eliminar", "elimine", "quita", "quitar", "anula"],
  ...["anular", "cancela", "cancelar"],
  ...["losche", "loschen", "losch", "entferne", "entfernen", "streiche", "streichen"],
  ...["supprime", "supprimer", "supprimez", "efface", "effacer", "effacez", "enleve", "enlever"],
  ...["apaga", "apagar", "apague", "exclui", "excluir", "exclua", "remova", "anule", "tira"],
]);

/** Pronouns for "it"/"that" after a deleting verb (keys): "delete that", "lösch das", "apaga isso". */
const IT: ReadonlySet<string> = new Set([
  ...["it", "that", "this", "eso", "esto", "das", "es", "ca", "cela", "le", "la", "isso", "isto"],
]);

/**
 * Whether the token at `i` deletes "it": a deleting verb with an enclitic pronoun ("bórralo",
 * "elimínala", "quítalo") or followed by one ("delete that", "lösch das", "efface ça").
 */
function deletesIt(tokens: readonly Token[], i: number): boolean {
  const key = tokens[i].key;
  const clitic = /^(.+?)(?:lo|la|los|las)$/.exec(key);
  if (clitic !== null && DELETE.has(clitic[1])) return true;
  return DELETE.has(key) && IT.has(tokens[i + 1]?.key ?? "");
}

/**
 * Words for "the last one" (keys), and words saying an entry was a mistake ("wrong one, delete
 * pls", "falsch, lösch das", "erreur, supprime"): either, with a deleting verb, is an undo.
 */
const LAST: ReadonlySet<string> = new Set([
  ...["last", "latest", "previous", "ultimo", "ultima", "letzte", "letzten", "letztes"],
  ...["letzter", "dernier", "derniere", "precedent", "precedente", "anterior"],
  // Swiss German "dr/de letscht Iitrag".
  ...["letscht", "letschte", "letschti"],
  ...["wrong", "mistake", "equivocado", "equivocada", "error", "falsch", "fehler"],
  ...["erreur", "errado", "errada", "engano"],
]);

/** A slash command's intent, or the message text it carries ("/add $50" → "$50"). */
export type Command =
  | { readonly intent: "balance" | "undo" }
  | { readonly intent: "unknown"; readonly reason: string }
  | { readonly text: string };

/**
 * Reads a leading Telegram command (with or without "@BotName"): "/balance"
 * (also "/saldo", "/kontostand"), "/undo" (also "/deshacer"), "/add TEXT"
 * (the text is parsed as usual); other commands are unknown. Plain text
 * passes through.
 */
export function readCommand(text: string): Command {
  const match = /^\s*\/([A-Za-z]+)(?:@\w+)?(?:\s+|$)/.exec(text);
  if (match === null) return { text };
  const name = match[1].toLowerCase();
  if (["balance", "balances", "saldo", "kontostand", "solde"].includes(name)) {
    return { intent: "balance" };
  }
  if (["undo", "deshacer", "annuler", "desfazer"].includes(name)) return { intent: "undo" };
  if (["add", "expense", "gasto", "ajouter", "depense", "adicionar", "despesa"].includes(name)) {
    return { text: text.slice(match[0].length) };
  }
  return { intent: "unknown", reason: `unknown command /${name}` };
}

/**
 * Balance or undo asked in words: a message with no digit and a balance word
 * ("balance", "how much do I owe", "cuánto debo", "Kontostand") or an undo
 * word ("undo", "deshacer", "rückgängig"); `undefined` otherwise. Undo wins
 * over balance ("undo the balance thing").
 */
export function wordIntent(tokens: readonly Token[]): "balance" | "undo" | undefined {
  if (tokens.some((t) => /[0-9]/.test(t.raw))) return undefined;
  if (tokens.some((t) => UNDO.has(t.key))) return "undo";
  // "borra el último gasto", "letzte Ausgabe löschen", "supprime la dernière".
  if (tokens.some((t) => DELETE.has(t.key)) && tokens.some((t) => LAST.has(t.key))) return "undo";
  // "bórralo porfa, puse mal el monto", "delete that", "lösch das".
  if (tokens.some((_, i) => deletesIt(tokens, i))) return "undo";
  // "pagué el sushi pero no me acuerdo cuánto era", "j'ai payé le taxi, je sais plus combien":
  // an expense whose amount is forgotten asks nothing about the balance.
  if (tokens.some((t) => FORGOT.has(t.key)) && tokens.some((t) => isHandingVerb(t.key))) {
    return undefined;
  }
  if (tokens.some((t, i) => BALANCE.has(t.key) && !isPortugueseTwo(tokens, i))) return "balance";
  return undefined;
}

/** Words of not knowing or forgetting (keys), which with a paying verb say an amount is missing. */
const FORGOT: ReadonlySet<string> = new Set([
  ...["remember", "forgot", "forget", "acuerdo", "recuerdo", "olvide", "sais", "rappelle"],
  ...["weiss", "vergessen", "lembro", "esqueci", "sei"],
]);

/** The intent words (for typo correction). */
export function intentWords(): string[] {
  return [...BALANCE, ...UNDO];
}

/** Whether a key is an intent word (for the vocabulary). */
export function isIntentWord(key: string): boolean {
  // Words the generated category lexicon holds are left out (known words already).
  return (BALANCE.has(key) || UNDO.has(key) || LAST.has(key) || DELETE.has(key) ||
    FORGOT.has(key)) &&
    !["apagar", "loschen", "drop", "cuentas", "krieg"].includes(key);
}
