/**
 * Bot families (ADR 0036): updates by kind, what became of a text (parse
 * outcomes), and errors, Telegram's apart.
 *
 * @module
 */
import { GrammyError, HttpError } from "grammy";
import { Counter, type Registry } from "prom-client";
import { familiesOf } from "@kopek/platform";

/** What became of a text the bot read. */
export type ParseOutcome =
  /** An expense or a settlement, sent to Kopek. */
  | "recorded"
  /** A question back: which member, or which reading of an ambiguous text. */
  | "asked_back"
  /** Nothing the parser understood, and no question to ask. */
  | "not_understood"
  /** It names a member no longer in the group. */
  | "member_gone"
  /** A balance or undo request in words. */
  | "balance"
  | "undo"
  /** Not read by the rules; the language model's reading asked back for confirmation (ADR 0068). */
  | "model_asked";

const OUTCOMES: readonly ParseOutcome[] = [
  "recorded",
  "asked_back",
  "not_understood",
  "member_gone",
  "balance",
  "undo",
  "model_asked",
];

/** What the bot reports. */
export interface BotMetrics {
  update(kind: string): void;
  parsed(outcome: ParseOutcome): void;
  error(error: unknown): void;
}

const UPDATE_KINDS = new Set(["message", "edited_message", "callback_query", "my_chat_member"]);

/** The bot families on `registry`. */
export function botMetrics(registry: Registry): BotMetrics {
  return familiesOf(registry, "kopek_bot", () => {
    const updates = new Counter({
      name: "kopek_bot_updates_total",
      help:
        "Telegram updates handled, by kind (message, edited_message, callback_query, my_chat_member, other).",
      labelNames: ["kind"] as const,
      registers: [registry],
    });
    const parses = new Counter({
      name: "kopek_bot_parses_total",
      help:
        "Texts read, by outcome: recorded, asked_back, not_understood, member_gone, balance, undo, model_asked.",
      labelNames: ["outcome"] as const,
      registers: [registry],
    });
    for (const outcome of OUTCOMES) parses.inc({ outcome }, 0);
    const errors = new Counter({
      name: "kopek_bot_errors_total",
      help:
        "Errors the bot reported and survived, by source: telegram (the Bot API refused or was unreachable) or other.",
      labelNames: ["source"] as const,
      registers: [registry],
    });
    return {
      update: (kind) => updates.inc({ kind: UPDATE_KINDS.has(kind) ? kind : "other" }),
      parsed: (outcome) => parses.inc({ outcome }),
      error: (error) =>
        errors.inc({
          source: error instanceof GrammyError || error instanceof HttpError ? "telegram" : "other",
        }),
    };
  });
}
