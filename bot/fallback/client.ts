/**
 * One call to an OpenAI-compatible chat-completions API (`POST
 * {url}/chat/completions`: llama.cpp's server, Ollama's `/v1`, a hosted one)
 * with plain `fetch`: a strict JSON Schema as `response_format`, a timeout,
 * the bearer key when configured, no retry (the user is waiting; the rules'
 * reply is the fallback). The answer's envelope is read with zod; only the
 * first choice's text is kept. The key is never logged, nor the message.
 *
 * @module
 */
import { z } from "zod";
import { readBounded } from "@kopek/platform";
import { ANSWER_JSON_SCHEMA } from "./answer.ts";

/** Where the model is and how long to wait for it. */
export interface ModelEndpoint {
  /** The API's base URL, e.g. `http://127.0.0.1:8080/v1` or `http://127.0.0.1:11434/v1`. */
  readonly url: string;
  readonly model: string;
  /** A bearer key (hosted APIs); none for a local server. */
  readonly key?: string;
  readonly timeoutMs: number;
  /** The fetch to use (default: the global one). */
  readonly fetch?: typeof fetch;
}

/** The model's text, or why there is none. */
export type ModelReply =
  | { readonly ok: true; readonly content: string }
  | {
    readonly ok: false;
    /** `timeout`, `network`, `http_<status>`, `envelope` (not a completion), `truncated`, `refused`. */
    readonly why: string;
  };

/** The part of a chat completion the bot reads; servers add fields of their own (kept out). */
const Completion = z.object({
  choices: z.array(z.object({
    message: z.object({
      content: z.string().nullable().optional(),
      refusal: z.string().nullable().optional(),
    }),
    finish_reason: z.string().nullable().optional(),
  })).min(1),
});

/** The largest answer body read (a completion of this schema is well under 4 KiB). */
const MAX_BODY_BYTES = 64 * 1024;

/** Asks the model about one conversation; never throws. */
export async function askModel(
  endpoint: ModelEndpoint,
  messages: readonly { role: string; content: string }[],
): Promise<ModelReply> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (endpoint.key) headers.authorization = `Bearer ${endpoint.key}`;
  const body = JSON.stringify({
    model: endpoint.model,
    messages,
    temperature: 0,
    max_tokens: 300,
    stream: false,
    response_format: { type: "json_schema", json_schema: ANSWER_JSON_SCHEMA },
  });
  const signal = AbortSignal.timeout(endpoint.timeoutMs);
  let text: string;
  let status: number;
  try {
    const res = await (endpoint.fetch ?? fetch)(
      `${endpoint.url.replace(/\/+$/, "")}/chat/completions`,
      { method: "POST", headers, body, signal, redirect: "error" },
    );
    status = res.status;
    const bytes = await readBounded(res.body, MAX_BODY_BYTES);
    if (!bytes) return { ok: false, why: "envelope" };
    text = new TextDecoder().decode(bytes);
  } catch {
    return { ok: false, why: signal.aborted ? "timeout" : "network" };
  }
  if (status < 200 || status > 299) return { ok: false, why: `http_${status}` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, why: "envelope" };
  }
  const read = Completion.safeParse(json);
  if (!read.success) return { ok: false, why: "envelope" };
  const [choice] = read.data.choices;
  if (choice.finish_reason === "length") return { ok: false, why: "truncated" };
  if (choice.message.refusal || typeof choice.message.content !== "string") {
    return { ok: false, why: "refused" };
  }
  return { ok: true, content: choice.message.content };
}
