/**
 * Kopek's Telegram bot: {@linkcode createBot} (grammY composers, one per
 * feature in `features/`, talking to Kopek's public API through
 * {@linkcode KopekApi}, with their state in a {@linkcode BotStore}: in memory or Valkey; polling, or
 * {@linkcode telegramWebhook} on Hono), and its pure part,
 * {@linkcode parseMessage}, the
 * deterministic parser that turns a chat message ("Add $50 for food", "taxi
 * 12,50 € yesterday split with Ana", "/balance") into an expense, a
 * settlement, a balance or undo request, or `unknown` with a reason. No
 * network, no clock: "today" comes in the context.
 *
 * @example
 * ```ts
 * import { parseMessage } from "@kopek/bot";
 *
 * parseMessage("Add $50 for food", {
 *   today: "2026-11-22",
 *   currency: "EUR",
 *   me: "Ana",
 *   members: ["Ana", "Bob", "Chen"],
 * });
 * // { intent: "expense", total: { amount: "50.00", currency: "USD" }, description: "food", ... }
 * ```
 *
 * @module
 */
export { parseMessage } from "./parse/parse.ts";
export { type BotOptions, createBot, HELP } from "./service/bot.ts";
export { telegramWebhook, type WebhookOptions, webhookPath } from "./service/webhook.ts";
export { type BotStore, createMemoryStore } from "./state/store.ts";
export { createValkeyStore, type ValkeyStoreOptions } from "./state/valkey_store.ts";
export {
  type Balances,
  type Group,
  type GroupSummary,
  KopekApi,
  KopekApiError,
  type KopekApiOptions,
  KopekUnreachable,
  type Member,
  type MemberChat,
  type Money,
  type NewExpense,
  type NewSettlement,
  type WriteResult,
} from "./service/kopek_api.ts";
export type {
  BalanceParse,
  ExpenseParse,
  ParseContext,
  ParseResult,
  SettlementParse,
  UndoParse,
  UnknownParse,
} from "./parse/types.ts";
