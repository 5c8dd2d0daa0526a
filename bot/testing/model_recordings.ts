/**
 * Recorded answers of OpenAI-compatible chat-completions servers, replayed by
 * the model stand-in (ADR 0068). Where they come from, honestly: no model can
 * be reached from the machine Kopek is built on, so nothing here was produced
 * by a model for these messages. The envelopes copy the shapes of public
 * recorded responses found with the code search: Ollama's `/v1` answer
 * (`"object": "chat.completion"`, `"system_fingerprint": "fp_ollama"`, ids like
 * `chatcmpl-730`, `usage`), llama.cpp's server (keys in alphabetical order,
 * `timings`, a build as `system_fingerprint`, errors as
 * `{"error":{"code","message","type"}}`), and OpenAI's (`refusal`,
 * `finish_reason: "length"` for a cut answer). The answers inside them were
 * written by hand to be what a small instruction model plausibly says to the
 * prompt of `bot/fallback/prompt.ts`, right and wrong: they test what the bot
 * does with an answer, not how good a model is.
 *
 * @module
 */
import type { Recording } from "./model_stand_in.ts";

/** The answer as Ollama's OpenAI-compatible endpoint wraps it. */
export function ollama(content: string, finishReason = "stop"): Recording {
  return {
    status: 200,
    body: JSON.stringify({
      id: "chatcmpl-730",
      object: "chat.completion",
      created: 1788158498,
      model: "qwen2.5:7b-instruct",
      system_fingerprint: "fp_ollama",
      choices: [{
        index: 0,
        message: { role: "assistant", content },
        finish_reason: finishReason,
      }],
      usage: { prompt_tokens: 612, completion_tokens: 64, total_tokens: 676 },
    }),
  };
}

/** The answer as llama.cpp's server wraps it. */
export function llamaCpp(content: string, finishReason = "stop"): Recording {
  return {
    status: 200,
    body: JSON.stringify({
      choices: [{
        finish_reason: finishReason,
        index: 0,
        message: { content, role: "assistant" },
      }],
      created: 1733491200,
      id: "chatcmpl-2Pr8BAD6b5Gc7sQyLWv7i6l8Sh3QMeI3",
      model: "gpt-3.5-turbo",
      object: "chat.completion",
      system_fingerprint: "b4273-5555c0c1",
      usage: { completion_tokens: 58, prompt_tokens: 598, total_tokens: 656 },
      timings: {
        prompt_n: 598,
        prompt_ms: 412.8,
        predicted_n: 58,
        predicted_ms: 1020.4,
        predicted_per_second: 56.8,
      },
    }),
  };
}

/** llama.cpp's server failing (its error shape, status 500). */
export const SERVER_ERROR: Recording = {
  status: 500,
  body: JSON.stringify({
    error: { code: 500, message: "failed to load model", type: "server_error" },
  }),
};

/** A hosted API refusing the key (OpenAI's error shape, status 401). */
export const UNAUTHORIZED: Recording = {
  status: 401,
  body: JSON.stringify({
    error: {
      message: "Incorrect API key provided.",
      type: "invalid_request_error",
      param: null,
      code: "invalid_api_key",
    },
  }),
};

/** An OpenAI-style refusal: no content, a `refusal` text. */
export const REFUSAL: Recording = {
  status: 200,
  body: JSON.stringify({
    id: "chatcmpl-9refusal",
    object: "chat.completion",
    created: 1733491200,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{
      index: 0,
      message: { role: "assistant", content: null, refusal: "I'm sorry, I can't help with that." },
      logprobs: null,
      finish_reason: "stop",
    }],
  }),
};

/** An answer of the schema, with the fields not given as null. */
export function answer(fields: Record<string, unknown>): string {
  return JSON.stringify({
    kind: "unknown",
    amount: null,
    currency: null,
    description: null,
    category: null,
    date: null,
    paidBy: null,
    to: null,
    splitWith: null,
    ...fields,
  });
}

/**
 * Answers to the corpus messages the rules leave unread without a question
 * (`bot/parse/testdata/corpus.json`), for `bot/bench/fallback_measure.ts`.
 */
export const CORPUS_ANSWERS: Readonly<Record<string, Recording>> = {
  // Two dates: a model picks the explicit one.
  "taxi 20 yesterday on 3 March": ollama(answer({
    kind: "expense",
    amount: "20.00",
    description: "taxi",
    category: "transport",
    date: "2026-03-03",
  })),
  "hotel 100 ayer el 3 de marzo": llamaCpp(answer({
    kind: "expense",
    amount: "100",
    description: "hotel",
    category: "lodging",
    date: "2026-03-03",
  })),
  // Decimals JPY does not have: the model keeps them; the check refuses.
  "¥12.5 candy": ollama(answer({
    kind: "expense",
    amount: "12.5",
    currency: "JPY",
    description: "candy",
    category: "food",
  })),
  // Zero: the model copies it; the check refuses.
  "lunch 0": ollama(answer({ kind: "expense", amount: "0", description: "lunch" })),
  // A date that does not exist: the model copies it; the check refuses.
  "taxi 30 on 31 February": llamaCpp(answer({
    kind: "expense",
    amount: "30",
    description: "taxi",
    category: "transport",
    date: "2026-02-31",
  })),
  // Four people in a group of three: the model says so.
  "dinner 40 for 4 people": ollama(answer({ kind: "unknown" })),
  // Who owes is not said: unknown.
  "owes 20": ollama(answer({ kind: "unknown" })),
};
