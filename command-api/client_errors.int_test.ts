/**
 * `POST /v1/client-errors` over real HTTP (`Deno.serve`), with accounts in a
 * real PostgreSQL: what a hostile caller can do to the log, to the limits
 * and to the answers. The rate limiter's clock stands still, so that every
 * request falls in one window whatever the test's speed.
 */
import assert from "node:assert/strict";
import { createInProcessBus, createLogger, createRateLimiter } from "@kopek/platform";
import { createMetricsRegistry } from "@kopek/platform";
import { createTestCommandApi } from "./_testing.ts";
import { DEFAULT_RATE_LIMITS } from "./rate_limits.ts";
import { CLIENT_ERROR_BODY_MAX } from "./routes/client_errors.ts";

const REPORT = {
  kind: "error",
  message: "TypeError: x is not a function",
  stack: "TypeError: x is not a function\n    at f (https://k.example/_app/a.js:1:2)",
  path: "/groups/0190b6c4-0000-7000-8000-000000000000",
  release: "1733400000000",
  agent: "chromium",
};

async function stand() {
  const raw: string[] = [];
  const logger = createLogger({ level: "info", destination: { write: (s) => void raw.push(s) } });
  const now = () => 1_800_000_000_000;
  const registry = createMetricsRegistry({ process: false });
  const api = await createTestCommandApi({
    deps: {
      logger,
      metrics: registry,
      trustProxy: true,
      rateLimiter: createRateLimiter({ counter: createInProcessBus({ now }), now }),
    },
  });
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    (req, info) => api.app.fetch(req, info),
  );
  const url = `http://127.0.0.1:${server.addr.port}/v1/client-errors`;
  // Each test gets its own addresses, so that their limits do not mix.
  let nextAddress = 0;
  return {
    api,
    registry,
    /** The "client error" lines, parsed, and the raw text of every line. */
    lines: () => raw.filter((s) => s.includes('"client error"')).map((s) => JSON.parse(s)),
    raw,
    address: () =>
      `10.${(nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress++ & 255}`,
    post(
      body: unknown,
      headers: Record<string, string> = {},
    ): Promise<Response> {
      return fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: typeof body === "string" || body instanceof ReadableStream
          ? body
          : JSON.stringify(body),
      });
    },
    async [Symbol.asyncDispose]() {
      await server.shutdown();
      await api[Symbol.asyncDispose]();
    },
  };
}

Deno.test("POST /v1/client-errors logs one warn line, with the user only for a valid token", async () => {
  await using s = await stand();
  const ana = await s.api.user("Ana");
  const xff = { "x-forwarded-for": s.address() };

  const anonymous = await s.post(REPORT, xff);
  assert.equal(anonymous.status, 204);
  assert.equal(await anonymous.text(), "");
  const signedIn = await s.post(REPORT, { ...xff, authorization: `Bearer ${ana.token}` });
  assert.equal(signedIn.status, 204);
  await signedIn.body?.cancel();
  const badToken = await s.post(REPORT, { ...xff, authorization: "Bearer not.a.token" });
  assert.equal(badToken.status, 204, "an invalid token is ignored, not refused");
  await badToken.body?.cancel();

  const lines = s.lines();
  assert.equal(lines.length, 3);
  assert.equal(lines[0].level, "warn");
  assert.deepEqual(lines[0].clientError, {
    kind: "error",
    message: "TypeError: x is not a function",
    stack: ["TypeError: x is not a function", "at f (https://k.example/_app/a.js:1:2)"],
    path: "/groups/[id]",
    release: "1733400000000",
    agent: "chromium",
  });
  assert.equal(lines[0].userId, undefined);
  assert.equal(lines[1].userId, ana.id);
  assert.equal(lines[2].userId, undefined);
  assert.ok(!s.raw.some((l) => l.includes(ana.token)), "the token is never logged");
  const metrics = await s.registry.metrics();
  assert.match(metrics, /kopek_client_errors_total\{kind="error"\} 3/);
});

Deno.test("POST /v1/client-errors: hostile text cannot forge lines, escapes or tokens", async () => {
  await using s = await stand();
  const forged = '\n{"level":"error","msg":"forged"}\r\n\x1b[2J\u2028\u202Eevil\u0000';
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
  const res = await s.post(
    {
      ...REPORT,
      message: `${forged} Bearer ${jwt}`,
      stack: `${forged}\n`.repeat(100),
      path: "/join/SECRETCODE",
    },
    { "x-forwarded-for": s.address() },
  );
  assert.equal(res.status, 204);
  await res.body?.cancel();
  const raw = s.raw.filter((l) => l.includes('"client error"'));
  assert.equal(raw.length, 1);
  // One line in the log: pino's JSON plus its newline, no raw control character inside.
  // deno-lint-ignore no-control-regex -- stripping them is the point
  assert.doesNotMatch(raw[0].slice(0, -1), /[\u0000-\u001F\u2028\u2029]/);
  const [line] = s.lines();
  const text = JSON.stringify(line.clientError);
  assert.doesNotMatch(text, /\\u00|\\n|\\r|\u202E|\u2028/);
  assert.ok(!text.includes(jwt) && !text.includes("SECRETCODE"));
  assert.equal(line.clientError.path, "/join/[code]");
  assert.ok(line.clientError.stack.length <= 40);
});

Deno.test("POST /v1/client-errors refuses bad input with 4xx, never 5xx, and logs none of it", async () => {
  await using s = await stand();
  const cases: [string, () => Promise<Response>, number][] = [
    [
      "a body over the cap",
      () => s.post({ ...REPORT, stack: "s".repeat(CLIENT_ERROR_BODY_MAX) }),
      413,
    ],
    ["1 MiB", () => s.post("x".repeat(1024 * 1024)), 413],
    [
      "a streamed body over the cap (no Content-Length)",
      () => {
        const chunk = new TextEncoder().encode("x".repeat(4096));
        let sent = 0;
        return s.post(
          new ReadableStream({
            pull(c) {
              if (sent++ < 64) c.enqueue(chunk);
              else c.close();
            },
          }),
        );
      },
      413,
    ],
    ["no JSON", () => s.post("{"), 400],
    ["another media type", () => s.post(REPORT, { "content-type": "text/plain" }), 415],
    ["a message over 1 KiB", () => s.post({ ...REPORT, message: "m".repeat(1025) }), 422],
    ["a query string", () => s.post({ ...REPORT, path: "/join/X?token=1" }), 422],
    ["an unknown field", () => s.post({ ...REPORT, userId: "someone" }), 422],
    ["an array", () => s.post([REPORT]), 422],
    ["null", () => s.post("null"), 422],
  ];
  for (const [what, send, status] of cases) {
    const res = await send();
    assert.equal(res.status, status, what);
    const problem = await res.json();
    assert.equal(problem.status, status, what);
    assert.match(res.headers.get("content-type") ?? "", /application\/problem\+json/, what);
  }
  assert.equal(s.lines().length, 0);
  assert.match(
    await s.registry.metrics(),
    /kopek_client_errors_refused_total\{reason="too_large"\} 3/,
  );
});

Deno.test("POST /v1/client-errors: 1,000 reports from one address log 10, the rest are 429", async () => {
  await using s = await stand();
  const address = s.address();
  const statuses = new Map<number, number>();
  let retryAfter: string | null = null;
  for (let batch = 0; batch < 20; batch++) {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => s.post(REPORT, { "x-forwarded-for": address })),
    );
    for (const res of answers) {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 429) retryAfter ??= res.headers.get("retry-after");
      await res.body?.cancel();
    }
  }
  const limit = DEFAULT_RATE_LIMITS.clientErrors.limit;
  assert.deepEqual(Object.fromEntries(statuses), { 204: limit, 429: 1000 - limit });
  assert.match(retryAfter ?? "", /^\d+$/);
  assert.equal(s.lines().length, limit, "the log holds one line per accepted report only");
  // A signed-in user has a limit of their own, whatever address they come from.
  const ana = await s.api.user("Ana");
  const fromMany = [];
  for (let i = 0; i < 3 * limit; i++) {
    fromMany.push(
      (await s.post(REPORT, {
        "x-forwarded-for": s.address(),
        authorization: `Bearer ${ana.token}`,
      }))
        .status,
    );
  }
  assert.equal(fromMany.filter((x) => x === 204).length, limit);
});

Deno.test("POST /v1/client-errors: 1,000 addresses together are bounded by the overall limit", async () => {
  await using s = await stand();
  let accepted = 0;
  for (let batch = 0; batch < 20; batch++) {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => s.post(REPORT, { "x-forwarded-for": s.address() })),
    );
    for (const res of answers) {
      if (res.status === 204) accepted++;
      else assert.equal(res.status, 429);
      await res.body?.cancel();
    }
  }
  const all = DEFAULT_RATE_LIMITS.clientErrorsAll.limit;
  assert.equal(accepted, all);
  assert.equal(s.lines().length, all);
});
