/**
 * The Telegram bot in the topology test: `deno task serve:bot` polling the
 * Telegram stand-in (`bot/testing/telegram_stand_in.ts`) and talking to Kopek
 * only through the balancer with its service key. The test's user links a
 * Telegram account with `/start CODE`, then sends "Add 50 for food" (and one
 * message while a command API is killed); each must be answered, and
 * recorded exactly once.
 *
 * @module
 */
import assert from "node:assert/strict";
import { connect } from "../../platform/db.ts";
import { freePort } from "../../platform/testing/free_port.ts";
import { textUpdate } from "../../bot/testing/conversation.ts";
import { startTelegramStandIn } from "../../bot/testing/telegram_stand_in.ts";
import { messages } from "../../bot/service/messages.ts";
import type { KopekClient } from "@kopek/testing";
import type { KopekProcess } from "../faults/harness.ts";

/** The bot's service key: the command APIs must get it too ({@linkcode BOT_API_ENV}). */
export const BOT_API_KEY = "a-topology-bot-service-key-that-is-long-enough";
/** What every Kopek service of the topology gets so that the bot's key is accepted. */
export const BOT_API_ENV: Readonly<Record<string, string>> = { KOPEK_BOT_API_KEY: BOT_API_KEY };

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The Telegram user of the test. */
const TELEGRAM_USER = 4242;
/** How long a reply may take, faults included (a write's bound and the bot's retries). */
const REPLY_BOUND_MS = 60_000;
/** The bot's notice that Kopek is unreachable and it retries (the stand-in user speaks English). */
const RETRYING = messages("en").unreachableRetrying;

/** One message sent to the bot and what came of it. */
export interface BotExchange {
  readonly text: string;
  /** The bot's reply. */
  readonly reply: string;
  /** From the push to the stand-in until the reply arrived there. */
  readonly ms: number;
}

/** The bot of the topology. */
export interface TopologyBot extends AsyncDisposable {
  /** Stops the bot and the stand-in. */
  close(): Promise<void>;
  /** Links the test's user (a code from `POST /v1/me/telegram-link`, sent as `/start CODE`). */
  link(client: KopekClient): Promise<void>;
  /** Sends `text` as the linked user; resolves with the bot's reply. */
  send(text: string): Promise<BotExchange>;
  /** Sends `text` and goes on at once; {@linkcode checkRecorded} waits for its reply. */
  sendInBackground(text: string): void;
  /** Asserts each sent expense message is in the event log once (at `databaseUrl`) and listed once. */
  checkRecorded(databaseUrl: string, client: KopekClient, groupId: string): Promise<void>;
}

/**
 * Starts the stand-in and `serve:bot` through `spawn` (the topology's), with
 * `KOPEK_API_URL` at the balancer. The chat state lives in the topology's
 * Valkey (`KOPEK_VALKEY_URL` from the spawn's environment).
 */
export async function startTopologyBot(
  spawn: (task: string, env: Record<string, string>) => KopekProcess,
  balancer: string,
  lines: string[],
): Promise<TopologyBot> {
  const telegram = startTelegramStandIn();
  const bot = spawn("serve:bot", {
    KOPEK_TELEGRAM_TOKEN: "1000:stand-in-token",
    KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
    KOPEK_API_URL: balancer,
    KOPEK_BOT_API_KEY: BOT_API_KEY,
    KOPEK_LOG_LEVEL: "info",
    // Its /healthz and /metrics (the harness gives KOPEK_PORT a free port, not this one).
    KOPEK_BOT_PORT: String(freePort()),
  });
  let messageId = 0;
  const exchanges: BotExchange[] = [];
  const background: Promise<unknown>[] = [];

  async function send(text: string): Promise<BotExchange> {
    const exchange = await say(text);
    exchanges.push(exchange);
    lines.push(
      `bot: "${text}" answered in ${seconds(exchange.ms)}: ${exchange.reply.split("\n")[0]}`,
    );
    return exchange;
  }

  /**
   * Pushes `text`; answers the first message the bot sends to the user after it, past the
   * notice that Kopek is unreachable and the bot retries (a message in flight while a command
   * API dies may get it first: what counts is the answer after the retry, recorded once).
   */
  async function say(text: string): Promise<BotExchange> {
    let next = telegram.sentTo(TELEGRAM_USER).length;
    const started = performance.now();
    telegram.push(textUpdate(TELEGRAM_USER, ++messageId, text));
    while (performance.now() - started < REPLY_BOUND_MS) {
      if (bot.exited()) assert.fail(`serve:bot exited:\n${bot.output()}`);
      const reply = telegram.sentTo(TELEGRAM_USER)[next];
      if (reply === RETRYING) {
        lines.push(`bot: "${text}" first answered: ${reply}`);
        next++;
      } else if (reply !== undefined) return { text, reply, ms: performance.now() - started };
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail(`no reply to "${text}" within ${REPLY_BOUND_MS} ms:\n${bot.output().slice(-4000)}`);
  }

  // Polling has begun once the bot asked the stand-in for updates.
  const deadline = performance.now() + 120_000;
  while (!telegram.calls.some((c) => c.method === "getUpdates")) {
    if (bot.exited() || performance.now() > deadline) {
      await telegram[Symbol.asyncDispose]();
      assert.fail(`serve:bot did not start polling:\n${bot.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    async link(client) {
      const code = await client.post("/v1/me/telegram-link", undefined);
      assert.equal(code.status, 201, JSON.stringify(code.body));
      const linked = await say(`/start ${code.body.code}`);
      assert.match(linked.reply, /^Linked to .+'s Kopek account/, linked.reply);
      lines.push(`bot: /start CODE answered in ${seconds(linked.ms)}`);
    },
    send,
    sendInBackground(text) {
      // Settled here so that a failure waits for checkRecorded instead of going unhandled.
      const sent = send(text).then(() => null, (e: unknown) => e);
      background.push(sent);
    },
    async checkRecorded(databaseUrl, client, groupId) {
      for (const failure of await Promise.all(background)) if (failure) throw failure;
      const sql = connect(databaseUrl, { max: 1 });
      try {
        for (const { text, reply } of exchanges) {
          // "Add 50 for food" → "Recorded 50.00 EUR for food, paid by …".
          const [, amount, description] = text.match(/^Add (\d+) for (\w+)$/) ?? [];
          assert.ok(amount, `not an expense message: ${text}`);
          assert.match(reply, new RegExp(`^Recorded ${amount}\\.00 EUR for ${description}`), reply);
          const [row] = await sql<{ n: number }[]>`
            SELECT count(*)::int AS n FROM events
            WHERE type = 'ExpenseRecorded' AND stream = ${`group-${groupId}`}
              AND data->>'description' = ${description}
              AND data->'total'->>'amount' = ${`${amount}.00`}`;
          assert.equal(row.n, 1, `"${text}" recorded ${row.n} times`);
          // The query side lists it once its projector has applied it.
          let items: unknown[] = [];
          const listedBy = performance.now() + REPLY_BOUND_MS;
          while (items.length === 0 && performance.now() < listedBy) {
            const listed = await client.get(
              `/v1/groups/${groupId}/expenses?q=${encodeURIComponent(description)}&limit=100`,
            );
            assert.ok([200, 503].includes(listed.status), JSON.stringify(listed.body));
            items = listed.status !== 200 ? [] : (listed.body.items as {
              description: string;
              total: { amount: string };
            }[]).filter((e) => e.description === description && e.total.amount === `${amount}.00`);
            if (items.length === 0) await new Promise((r) => setTimeout(r, 200));
          }
          assert.equal(items.length, 1, `"${text}" listed ${items.length} times`);
        }
        lines.push(`bot: ${exchanges.length} expenses by message, each recorded once`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
  async function close() {
    await bot.stop();
    await telegram[Symbol.asyncDispose]();
  }
}
