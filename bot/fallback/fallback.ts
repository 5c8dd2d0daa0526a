/**
 * The language-model fallback (ADR 0068), off unless configured: for a text
 * the rules could not read, ask the model (within the budget, with a
 * timeout) and keep its answer only if it is an entry the rules' check
 * accepts. The bot then asks the user to confirm it; nothing here records.
 *
 * @module
 */
import type { ParseContext } from "../parse/types.ts";
import type { EntryParse } from "../service/entry_check.ts";
import { entryOfAnswer } from "./answer.ts";
import type { ModelBudget } from "./budget.ts";
import { askModel, type ModelEndpoint } from "./client.ts";
import { promptFor } from "./prompt.ts";

/** What the fallback made of a text. */
export type Guess =
  | { readonly kind: "entry"; readonly entry: EntryParse }
  | {
    readonly kind: "none";
    /**
     * Why not (for logs and metrics, never the text): `budget`, the model's `unknown`, a wrong
     * answer (`not_json`, `wrong_schema`, `invalid_entry`), or the call's failure (`timeout`,
     * `network`, `http_<status>`, `envelope`, `truncated`, `refused`).
     */
    readonly why: string;
  };

/** The fallback as the bot's features use it. */
export interface ModelFallback {
  /** What the model reads in `text` sent by Telegram user `userId` in `context`. */
  guess(text: string, context: ParseContext, userId: number): Promise<Guess>;
}

/** The fallback over `endpoint`, spending `budget`. */
export function modelFallback(endpoint: ModelEndpoint, budget: ModelBudget): ModelFallback {
  return {
    async guess(text, context, userId) {
      if (!(await budget.take(userId))) return { kind: "none", why: "budget" };
      const reply = await askModel(endpoint, promptFor(text, context));
      if (!reply.ok) return { kind: "none", why: reply.why };
      const read = entryOfAnswer(reply.content, context);
      return "entry" in read
        ? { kind: "entry", entry: read.entry }
        : { kind: "none", why: read.none };
    },
  };
}

/**
 * Whether a text the rules refused looks like an attempt at an entry, worth a model call: it
 * holds a number (digits, or a currency sign) and is not a command. Greetings, questions
 * without an amount and stray words are not sent anywhere.
 */
export function worthAsking(text: string, reason: string): boolean {
  if (text.trimStart().startsWith("/") || reason === "empty message") return false;
  return /[\p{Nd}$€£¥₹₽₺₩]/u.test(text) && text.length <= 500;
}
