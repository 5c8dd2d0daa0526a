/**
 * A small HTTP client for end-to-end tests and benchmarks against a running
 * Kopek: JSON in and out, bearer tokens, and the headers of API.md.
 *
 * @module
 */

import type { Logger } from "@kopek/platform";
import { type Running, startAllInOne } from "@kopek/cli";

/** An answer: status, headers and the parsed JSON body. */
export interface Answer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  // deno-lint-ignore no-explicit-any
  readonly body: T & Record<string, any>;
}

/** A client bound to a base URL and, optionally, a token. */
export class KopekClient {
  constructor(readonly base: string, readonly token?: string) {}

  /** The same client acting with another token. */
  as(token: string): KopekClient {
    return new KopekClient(this.base, token);
  }

  /** Sends a request; `body` is sent as JSON unless it is a string or bytes (sent as they are). */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" || body instanceof Uint8Array
        ? body as string | Uint8Array<ArrayBuffer>
        : JSON.stringify(body);
      h["content-type"] ??= "application/json";
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = { text };
    }
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request("GET", path, undefined, headers);
  }
  post(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request("POST", path, body, headers);
  }
  put(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request("PUT", path, body, headers);
  }
  patch(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request("PATCH", path, body, headers);
  }
  delete(path: string, headers?: Record<string, string>) {
    return this.request("DELETE", path, undefined, headers);
  }

  /** Registers a user and answers a client acting as them. */
  async register(
    email: string,
    displayName: string,
  ): Promise<{ client: KopekClient; userId: string }> {
    const a = await this.post("/v1/auth/register", {
      email,
      password: "correct horse battery staple",
      displayName,
    });
    if (a.status !== 201) {
      throw new Error(`register ${email}: ${a.status} ${JSON.stringify(a.body)}`);
    }
    return { client: this.as(a.body.token), userId: a.body.user.id };
  }
}

/** Polls `GET /readyz` until it answers 200 or the time runs out. */
export async function waitReady(base: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/readyz`);
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${base}/readyz did not answer 200 within ${timeoutMs} ms`);
}

/**
 * Starts Kopek all-in-one in this process for a test or a benchmark, on the
 * given database, on a free port of 127.0.0.1, quiet, without fetching
 * rates, with a data folder of its own that `stop()` removes; `env` adds or
 * overrides variables; `logger` captures the process's logs.
 */
export async function startForTest(
  databaseUrl: string,
  env: Record<string, string> = {},
  logger?: Logger,
): Promise<Running> {
  const dataDir = await Deno.makeTempDir({ prefix: "kopek-test-" });
  const running = await startAllInOne({
    KOPEK_DATABASE_URL: databaseUrl,
    KOPEK_PORT: "0",
    KOPEK_HOSTNAME: "127.0.0.1",
    KOPEK_JWT_SECRET: "a-test-secret-that-is-long-enough-1234",
    KOPEK_LOG_LEVEL: "silent",
    KOPEK_DATA_DIR: dataDir,
    KOPEK_RATES_FETCH: "off",
    // A read at a position waits for the read models as long as a loaded machine may need
    // (the 2 s default answers 503 while the projector is merely behind); a test of the
    // 503 itself sets its own bound.
    KOPEK_READ_WAIT_SECONDS: "30",
    ...env,
  }, logger);
  await waitReady(running.url);
  return {
    ...running,
    async stop() {
      await running.stop();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    },
  };
}
