/**
 * A local stand-in for the Telegram Bot API, for tests: an HTTP server on
 * 127.0.0.1 that answers `getMe`, `sendMessage`, `answerCallbackQuery`,
 * `setWebhook`/`deleteWebhook`, `getUpdates` (from {@linkcode TelegramStandIn.push}) and
 * `getFile`, serves the files' bytes at `/file/bot<token>/<path>` as the Bot API does
 * (from {@linkcode TelegramStandIn.putFile}),
 * records every call the bot makes (method and JSON payload), and fails on
 * demand: a scripted 429 with `retry_after`, a 500, a call that hangs, or one
 * that answers late.
 *
 * @module
 */

/** One call the bot made. */
export interface BotCall {
  readonly method: string;
  // deno-lint-ignore no-explicit-any
  readonly payload: Record<string, any>;
}

/** A scripted failure of the next call(s) of a method. */
export type Failure =
  | { readonly kind: "429"; readonly retryAfter: number }
  | { readonly kind: "500" }
  | { readonly kind: "hang" }
  /** Answers as usual, but only after `ms` (a call in flight for a while). */
  | { readonly kind: "delay"; readonly ms: number };

/** The running stand-in. */
export interface TelegramStandIn extends AsyncDisposable {
  /** The API root to give grammY (`client.apiRoot`). */
  readonly apiRoot: string;
  /** Every call so far, in order (failed ones included). */
  readonly calls: BotCall[];
  /** The texts delivered to `chatId` so far (calls that failed are not delivered). */
  sentTo(chatId: number): string[];
  /** The messages delivered to `chatId`, with their payloads (e.g. `reply_markup`). */
  messagesTo(chatId: number): BotCall["payload"][];
  /** Queues an update for the bot's next `getUpdates` (long polling). */
  push(update: { readonly update_id: number }): void;
  /** Makes the next `times` calls of `method` fail as `failure`. */
  fail(method: string, failure: Failure, times?: number): void;
  /**
   * Keeps a file users may send (a photo or a document): `getFile` answers its path and size
   * (`size` overrides the real one, as a file Telegram says is huge), the path serves `bytes`.
   */
  putFile(fileId: string, bytes: Uint8Array<ArrayBuffer>, size?: number): void;
  /** The paths of the files the bot downloaded. */
  readonly downloads: string[];
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
  const delivered: BotCall["payload"][] = [];
  const scripted = new Map<string, Failure[]>();
  const hanging: (() => void)[] = [];
  const queued: { update_id: number }[] = [];
  const files = new Map<string, { bytes: Uint8Array<ArrayBuffer>; size: number }>();
  const downloads: string[] = [];
  let messageId = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const pathname = new URL(req.url).pathname;
    const download = /^\/file\/bot[^/]+\/files\/(.+)$/.exec(pathname);
    if (download) {
      downloads.push(download[1]);
      const file = files.get(decodeURIComponent(download[1]));
      return file
        ? new Response(file.bytes, { headers: { "content-type": "application/octet-stream" } })
        : new Response("Not Found", { status: 404 });
    }
    const method = pathname.split("/").at(-1) ?? "";
    const text = req.method === "POST" ? await req.text() : "";
    const payload = text ? JSON.parse(text) : {};
    calls.push({ method, payload });
    const failure = scripted.get(method)?.shift();
    if (failure?.kind === "429") {
      return Response.json({
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${failure.retryAfter}`,
        parameters: { retry_after: failure.retryAfter },
      }, { status: 429 });
    }
    if (failure?.kind === "500") {
      return Response.json(
        { ok: false, error_code: 500, description: "Internal Server Error" },
        { status: 500 },
      );
    }
    if (failure?.kind === "hang") {
      // Never answers in time: the bot's client times out. Released on dispose.
      await new Promise<void>((resolve) => hanging.push(resolve));
      return new Response("too late", { status: 504 });
    }
    if (failure?.kind === "delay") await new Promise((r) => setTimeout(r, failure.ms));
    const ok = (result: unknown) => Response.json({ ok: true, result });
    switch (method) {
      case "getMe":
        return ok(STAND_IN_BOT);
      case "sendMessage":
        delivered.push(payload);
        return ok({
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: payload.chat_id, type: "private" },
          from: STAND_IN_BOT,
          text: payload.text,
        });
      case "getFile": {
        const file = files.get(String(payload.file_id));
        if (!file) {
          return Response.json(
            { ok: false, error_code: 400, description: "Bad Request: invalid file_id" },
            { status: 400 },
          );
        }
        return ok({
          file_id: payload.file_id,
          file_unique_id: `u-${payload.file_id}`,
          file_size: file.size,
          file_path: `files/${payload.file_id}`,
        });
      }
      case "answerCallbackQuery":
      case "setWebhook":
      case "deleteWebhook":
        return ok(true);
      case "getUpdates": {
        const offset = Number(payload.offset ?? 0);
        // Long polling, briefly: answer at once when updates wait, else after a moment.
        if (!queued.some((u) => u.update_id >= offset)) {
          await new Promise((r) => setTimeout(r, 100));
        }
        return ok(queued.filter((u) => u.update_id >= offset));
      }
      default:
        return Response.json(
          { ok: false, error_code: 404, description: "Not Found: method not in the stand-in" },
          { status: 404 },
        );
    }
  });
  const messagesTo = (chatId: number) => delivered.filter((p) => p.chat_id === chatId);
  return {
    apiRoot: `http://127.0.0.1:${server.addr.port}`,
    calls,
    messagesTo,
    sentTo: (chatId) => messagesTo(chatId).map((p) => String(p.text)),
    push(update) {
      queued.push(update);
    },
    putFile(fileId, bytes, size) {
      files.set(fileId, { bytes, size: size ?? bytes.length });
    },
    downloads,
    fail(method, failure, times = 1) {
      const list = scripted.get(method) ?? [];
      for (let i = 0; i < times; i++) list.push(failure);
      scripted.set(method, list);
    },
    async [Symbol.asyncDispose]() {
      for (const release of hanging) release();
      await server.shutdown();
    },
  };
}
