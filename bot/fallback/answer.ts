/**
 * What the language model must answer (ADR 0068): a JSON Schema sent as the
 * request's strict `response_format`, the zod schema its answer is read
 * with, and the step that turns an answer into an entry the bot may offer
 * (the rules' defaults for what it leaves out; then the rules' own check,
 * `checkEntry`). Pure.
 *
 * @module
 */
import { z } from "zod";
import { CATEGORIES, formatAmount, isCurrency, parseAmount } from "@kopek/domain";
import type { ParseContext } from "../parse/types.ts";
import { checkEntry, type EntryParse } from "../service/entry_check.ts";

const KINDS = ["expense", "settlement", "unknown"] as const;

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({
  type: [type, "null"],
  ...extra,
});

/**
 * The answer's JSON Schema, in the subset strict structured outputs accept (OpenAI's, and the
 * grammars llama.cpp and Ollama build from it): every property required, none other allowed,
 * "not said" as null.
 */
export const ANSWER_JSON_SCHEMA = {
  name: "kopek_entry",
  strict: true,
  schema: {
    type: "object",
    additionalProperties: false,
    required: [
      "kind",
      "amount",
      "currency",
      "description",
      "category",
      "date",
      "paidBy",
      "to",
      "splitWith",
    ],
    properties: {
      kind: { type: "string", enum: KINDS },
      amount: nullable("string", { pattern: "^[0-9]+(\\.[0-9]+)?$" }),
      currency: nullable("string", { pattern: "^[A-Z]{3}$" }),
      description: nullable("string"),
      category: { type: ["string", "null"], enum: [...CATEGORIES, null] },
      date: nullable("string", { pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
      paidBy: nullable("string"),
      to: nullable("string"),
      splitWith: { type: ["array", "null"], items: { type: "string" } },
    },
  },
} as const;

/** The model's answer, read strictly: a field the schema does not name is a wrong answer. */
export const ModelAnswer = z.strictObject({
  kind: z.enum(KINDS),
  amount: z.string().max(40).nullable(),
  currency: z.string().max(3).nullable(),
  description: z.string().max(200).nullable(),
  category: z.string().nullable(),
  date: z.string().max(10).nullable(),
  paidBy: z.string().max(200).nullable(),
  to: z.string().max(200).nullable(),
  splitWith: z.array(z.string().max(200)).max(100).nullable(),
});

/** The model's answer. */
export type ModelAnswer = z.infer<typeof ModelAnswer>;

/** Why an answer gave no entry (said in logs and metrics; never the text). */
export type NoEntry = "unknown" | "not_json" | "wrong_schema" | "invalid_entry";

/**
 * The entry the model's answer `content` stands for in `context`, or why none: its own
 * "unknown", text that is not JSON, JSON that is not the schema, or an entry the rules' check
 * refuses (a stranger's name, a negative or malformed amount, a date that does not exist…).
 */
export function entryOfAnswer(
  content: string,
  context: ParseContext,
): { entry: EntryParse } | { none: NoEntry; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return { none: "not_json" };
  }
  const read = ModelAnswer.safeParse(json);
  if (!read.success) return { none: "wrong_schema" };
  const a = read.data;
  if (a.kind === "unknown" || a.amount === null) return { none: "unknown" };
  const currency = a.currency ?? context.currency;
  const amount = canonical(a.amount, currency);
  const total = { amount: amount ?? a.amount, currency };
  const date = a.date ?? context.today;
  const payer = a.paidBy ?? context.me;
  const candidate = a.kind === "expense"
    ? {
      intent: "expense",
      total,
      description: (a.description ?? "").trim().toLowerCase() || (a.category ?? "other"),
      category: a.category ?? "other",
      date,
      paidBy: payer,
      splitWith: a.splitWith === null || a.splitWith.length === 0
        ? [...context.members]
        : context.members.filter((m) => a.splitWith!.includes(m)).length === a.splitWith.length
        ? context.members.filter((m) => a.splitWith!.includes(m))
        : a.splitWith,
    }
    : { intent: "settlement", from: payer, to: a.to, total, date };
  const checked = checkEntry(candidate, context);
  return checked.ok
    ? { entry: checked.entry }
    : { none: "invalid_entry", problem: checked.problem };
}

/** `amount` written as `currency` writes it ("12.5" EUR → "12.50"), or undefined when it cannot be. */
function canonical(amount: string, currency: string): string | undefined {
  if (!/^\d+(\.\d+)?$/.test(amount) || !isCurrency(currency)) return undefined;
  try {
    return formatAmount(parseAmount(amount, currency), currency);
  } catch {
    return undefined;
  }
}
