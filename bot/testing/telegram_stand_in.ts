/**
 * A local stand-in for the Telegram Bot API, for tests: an HTTP server on
 * 127.0.0.1 that answers `getMe` and `sendMessage` and records every call the
 * bot makes (method and JSON payload).
 *
 * @module
 */

/** One call the bot made. */
export interface BotCall {
  readonly method: string;
  // deno-lint-ignore no-explicit-any
  readonly payload: Record<string, any>;
}

/** The running stand-in. */
export interface TelegramStandIn extends AsyncDisposable {
  /** The API root to give grammY (`client.apiRoot`). */
  readonly apiRoot: string;
  /** Every call so far, in order. */
  readonly calls: BotCall[];
  /** The texts sent to `chatId` so far. */
  sentTo(chatId: number): string[];
}

/** The bot's identity that `getMe` answers. */
export const STAND_IN_BOT = {
  id: 1000,
  is_bot: true as const,
  first_name: "Kopek",
  username: "kopek_test_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

/** Starts the stand-in on a free port; dispose it to stop. */
export function startTelegramStandIn(): TelegramStandIn {
  const calls: BotCall[] = [];
  let messageId = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const method = new URL(req.url).pathname.split("/").at(-1) ?? "";
    const text = req.method === "POST" ? await req.text() : "";
    const payload = text ? JSON.parse(text) : {};
    calls.push({ method, payload });
    const ok = (result: unknown) => Response.json({ ok: true, result });
    switch (method) {
      case "getMe":
        return ok(STAND_IN_BOT);
      case "sendMessage":
        return ok({
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: "private" },
          from: STAND_IN_BOT,
          text: payload.text,
        });
      default:
        return Response.json(
          { ok: false, error_code: 404, description: "Not Found: method not in the stand-in" },
          { status: 404 },
        );
    }
  });
  return {
    apiRoot: `http://127.0.0.1:${server.addr.port}`,
    calls,
    sentTo: (chatId) =>
      calls.filter((c) => c.method === "sendMessage" && c.payload.chat_id === chatId).map((c) =>
        String(c.payload.text)
      ),
    async [Symbol.asyncDispose]() {
      await server.shutdown();
    },
  };
}
