/**
 * A local stand-in for an OpenAI-compatible chat-completions server, for the
 * language-model fallback's tests and measurement (ADR 0068): a real HTTP
 * server on 127.0.0.1 that answers `POST /v1/chat/completions` with a
 * recorded response chosen by the message the bot sent (see
 * `model_recordings.ts`), keeps every request (to check what the bot sends),
 * and can hang (a timeout) or answer late. No model is reachable from where
 * Kopek is built; the recordings say where their shapes come from.
 *
 * @module
 */

/** A recorded answer: an HTTP status and body, or no answer at all. */
export type Recording =
  | { readonly status: number; readonly body: string; readonly delayMs?: number }
  | { readonly hang: true };

/** One request the bot made. */
export interface ModelRequest {
  readonly path: string;
  readonly authorization: string | null;
  // deno-lint-ignore no-explicit-any
  readonly body: Record<string, any>;
  /** The user's message, read back from the request's user turn. */
  readonly message: string;
}

/** The running stand-in. */
export interface ModelStandIn extends AsyncDisposable {
  /** The base URL to configure (`KOPEK_BOT_LLM_URL`), ending in `/v1`. */
  readonly url: string;
  readonly requests: ModelRequest[];
}

/** Starts the stand-in; `answer` picks the recording for each message. */
export function startModelStandIn(answer: (message: string) => Recording): ModelStandIn {
  const requests: ModelRequest[] = [];
  const hanging: (() => void)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (req) => {
    const path = new URL(req.url).pathname;
    const body = await req.json().catch(() => ({}));
    const user = (body.messages ?? []).find((m: { role: string }) => m.role === "user");
    let message = "";
    try {
      message = JSON.parse(user?.content ?? "{}").message ?? "";
    } catch {
      message = "";
    }
    requests.push({ path, authorization: req.headers.get("authorization"), body, message });
    if (path !== "/v1/chat/completions") return new Response("Not Found", { status: 404 });
    const recording = answer(message);
    if ("hang" in recording) {
      await new Promise<void>((resolve) => hanging.push(resolve));
      return new Response("too late", { status: 504 });
    }
    if (recording.delayMs) await new Promise((r) => setTimeout(r, recording.delayMs));
    return new Response(recording.body, {
      status: recording.status,
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}/v1`,
    requests,
    async [Symbol.asyncDispose]() {
      for (const release of hanging) release();
      await server.shutdown();
    },
  };
}
