/**
 * Traces and logs (ADR 0037): the command API and the projector under their
 * tasks' flags with Deno's OpenTelemetry on (`OTEL_DENO=true`, OTLP http/json
 * to a receiver in this test). A write that carries a W3C `traceparent`
 * continues that trace through HTTP, the command, its decision, the append
 * and its SQL; the projector's batch links to it; the spans' attributes are
 * bounded and carry no secret or body; the access line and every line
 * inside the trace name the trace. Tracing off, nothing is exported and
 * events carry no trace context.
 */
import assert from "node:assert/strict";
import { createPostgresEventStore, verifyChain } from "@kopek/eventstore";
import { createTestDatabase, freePort } from "@kopek/platform/testing";
import {
  KopekClient,
  type ReceivedSpan,
  type SpawnedTask,
  startOtlpReceiver,
  startTask,
} from "@kopek/testing";
import { startTelegramStandIn } from "../../bot/testing/telegram_stand_in.ts";
import { textUpdate } from "../../bot/testing/conversation.ts";

const VALKEY = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
const SECRET = "a-test-secret-that-is-long-enough-1234";
const PASSWORD = "correct horse battery staple";
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_SPAN = "00f067aa0ba902b7";
const MISSING_PERMISSION = /NotCapable|Requires \w+ access/;

/** The JSON log lines of a service's output. */
function logLines(run: SpawnedTask): Record<string, unknown>[] {
  return run.text.split("\n").filter((l) => l.startsWith("{")).flatMap((l) => {
    try {
      return [JSON.parse(l)];
    } catch {
      return [];
    }
  });
}

function otel(endpoint: string, service: string): Record<string, string> {
  return {
    OTEL_DENO: "true",
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: service,
    // Console output stays on stdout (the logs are pino's JSON lines anyway).
    OTEL_DENO_CONSOLE: "ignore",
  };
}

/**
 * The command API's logs of the traced write: one access line at info with route, status,
 * duration, request and trace ids and the user; service and instance on every line; the trace
 * id on the lines inside it; neither the password nor the token anywhere.
 */
function assertTracedLogs(commandApi: SpawnedTask, who: { userId: string; token: string }) {
  const { userId, token } = who;
  const lines = logLines(commandApi);
  for (const line of lines) {
    assert.equal(line.service, "command-api", JSON.stringify(line));
    assert.equal(line.instance, "trace-test-1", JSON.stringify(line));
  }
  const access = lines.find((l) => l.msg === "request" && l.route === "/v1/groups");
  assert.ok(access, commandApi.text);
  assert.equal(access.level, "info");
  assert.equal(access.method, "POST");
  assert.equal(access.status, 201);
  assert.equal(typeof access.ms, "number");
  assert.equal(typeof access.requestId, "string");
  assert.equal(access.traceId, TRACE_ID);
  assert.equal(access.userId, userId);
  const applied = lines.find((l) => l.msg === "command applied");
  assert.equal(applied?.traceId, TRACE_ID, "a line logged inside the trace names it");
  assert.ok(!commandApi.text.includes(PASSWORD));
  assert.ok(!commandApi.text.includes(token));
}

Deno.test({
  name:
    "a traced write: HTTP, command, decide, append and SQL spans continue the caller's trace, the projector's batch links to it, logs name it",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_trace", { max: 2 });
    await using receiver = startOtlpReceiver();
    const commandPort = freePort();
    const common = {
      KOPEK_DATABASE_URL: db.url,
      KOPEK_VALKEY_URL: VALKEY,
      KOPEK_JWT_SECRET: SECRET,
      KOPEK_LOG_LEVEL: "info",
      KOPEK_INSTANCE: "trace-test-1",
    };
    const running: SpawnedTask[] = [];
    try {
      const commandApi = startTask("serve:command-api", {
        ...common,
        ...otel(receiver.endpoint, "kopek-command-api"),
        KOPEK_PORT: String(commandPort),
        KOPEK_RATE_LIMITS: "off",
      });
      running.push(commandApi);
      await commandApi.ready(`http://127.0.0.1:${commandPort}`);
      const projector = startTask("serve:projector", {
        ...common,
        ...otel(receiver.endpoint, "kopek-projector"),
        KOPEK_PORT: String(freePort()),
      });
      running.push(projector);
      await projector.waitFor(/"projector started"/);

      const base = `http://127.0.0.1:${commandPort}`;
      const registered = await new KopekClient(base).request("POST", "/v1/auth/register", {
        email: "ana@example.com",
        password: PASSWORD,
        displayName: "Ana",
      });
      assert.equal(registered.status, 201, JSON.stringify(registered.body));
      const token = registered.body.token as string;
      const ana = new KopekClient(base, token);
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" }, {
        traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01`,
      });
      assert.equal(group.status, 201, JSON.stringify(group.body));
      const userId = registered.body.user.id as string;

      const inTrace = (spans: ReceivedSpan[]) => spans.filter((s) => s.traceId === TRACE_ID);
      const spans = await receiver.until((all) => {
        const names = new Set(inTrace(all).map((s) => s.name));
        const linked = all.some((s) =>
          s.name === "projector.batch" && s.links.some((l) => l.traceId === TRACE_ID)
        );
        return names.has("POST /v1/groups") && names.has("eventstore.append") && linked;
      });
      const traced = inTrace(spans);
      const byName = (name: string) => {
        const found = traced.find((s) => s.name === name);
        assert.ok(found, `no span ${name} in ${traced.map((s) => s.name).join(", ")}`);
        return found;
      };
      // HTTP: Deno's server span of the node:http request continues the caller's span; Kopek's
      // request span is its child; both named by the route template.
      const server = traced.find((s) => s.scope === "deno" && s.name === "POST /v1/groups");
      assert.ok(server, traced.map((s) => `${s.scope} ${s.name}`).join(", "));
      assert.equal(server.parentSpanId, PARENT_SPAN);
      assert.equal(server.kind, 2, "a server span");
      const http = traced.find((s) => s.scope === "kopek" && s.name === "POST /v1/groups")!;
      assert.equal(http.parentSpanId, server.spanId);
      assert.equal(http.service, "kopek-command-api");
      assert.equal(http.attributes["http.route"], "/v1/groups");
      assert.equal(http.attributes["http.response.status_code"], 201);
      // The command, its decision, the append and its SQL, each inside the one before.
      const command = byName("command group.create");
      assert.equal(command.parentSpanId, http.spanId);
      assert.equal(command.attributes["kopek.command.type"], "group.create");
      assert.equal(byName("decide").parentSpanId, command.spanId);
      const append = byName("eventstore.append");
      assert.equal(append.parentSpanId, command.spanId);
      assert.ok(Number(append.attributes["kopek.append.events"]) >= 1);
      const statements = traced.filter((s) => s.parentSpanId === append.spanId);
      assert.ok(statements.length >= 1, "the append's SQL has its span");
      for (const s of statements) assert.equal(s.attributes["db.system.name"], "postgresql");
      // The projector's batch: its own trace, linked to the write.
      const batch = spans.find((s) =>
        s.name === "projector.batch" && s.links.some((l) => l.traceId === TRACE_ID)
      )!;
      assert.equal(batch.service, "kopek-projector");
      assert.notEqual(batch.traceId, TRACE_ID);
      assert.ok(batch.links.some((l) => l.spanId === command.spanId));

      // Bounded attributes, no secrets, no bodies: nothing the client sent shows up.
      const kopekSpans = spans.filter((s) => s.scope === "kopek");
      for (const s of kopekSpans) {
        for (const [key, value] of Object.entries(s.attributes)) {
          assert.doesNotMatch(key, /body|authorization|password|token|cookie/i, s.name);
          const text = String(value);
          assert.ok(text.length <= 128, `${s.name} ${key} is bounded`);
          for (const secret of [PASSWORD, token, "Flat", "ana@example.com"]) {
            assert.ok(!text.includes(secret), `${s.name} ${key} carries no request data`);
          }
        }
      }
      // The register request has its own trace (no traceparent): never the test's.
      const register = spans.find((s) => s.name === "POST /v1/auth/register");
      assert.ok(register, "every request is traced");
      assert.notEqual(register.traceId, TRACE_ID);
      // The account's events keep their own write's trace context too.
      const [{ n }] = await db.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM events
        WHERE metadata->>'traceparent' LIKE ${`00-${register.traceId}-%`}`;
      assert.ok(n >= 1, "the registration's events carry its trace context");

      // The event carries the write's trace context (hashed with it).
      const [row] = await db.sql<{ traceparent: string | null }[]>`
        SELECT metadata->>'traceparent' AS traceparent FROM events
        WHERE stream = ${"group-" + group.body.id}`;
      assert.equal(row.traceparent, `00-${TRACE_ID}-${command.spanId}-01`);
      // Hashed with the event: the chain verifies as stored.
      const history = await createPostgresEventStore(db.sql).readStream(`group-${group.body.id}`);
      const chain = await verifyChain(history);
      assert.equal(chain.ok, true, JSON.stringify(chain));

      // Logs: one access line at info with route, status, duration, request and trace ids and
      // the user; service and instance on every line; the trace id on the lines inside it.
      assertTracedLogs(commandApi, { userId, token });

      for (const run of running) {
        const status = await run.stop();
        assert.equal(status.code, 0, `${run.name}:\n${run.text}`);
        assert.doesNotMatch(run.text, MISSING_PERMISSION, `${run.name}:\n${run.text}`);
      }
    } finally {
      for (const run of running) run.kill();
      await Promise.all(running.map((run) => run.finished()));
    }
  },
});

Deno.test({
  name: "tracing off: nothing is exported, events carry no trace context, access lines still",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_trace", { max: 2 });
    await using receiver = startOtlpReceiver();
    const port = freePort();
    const api = startTask("serve:command-api", {
      KOPEK_DATABASE_URL: db.url,
      KOPEK_VALKEY_URL: VALKEY,
      KOPEK_JWT_SECRET: SECRET,
      KOPEK_LOG_LEVEL: "info",
      KOPEK_PORT: String(port),
      KOPEK_RATE_LIMITS: "off",
      // An endpoint alone does not turn tracing on.
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    });
    try {
      await api.ready(`http://127.0.0.1:${port}`);
      const { client: ana } = await new KopekClient(`http://127.0.0.1:${port}`)
        .register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" }, {
        traceparent: `00-${TRACE_ID}-${PARENT_SPAN}-01`,
      });
      assert.equal(group.status, 201);
      const [row] = await db.sql<{ metadata: Record<string, unknown> }[]>`
        SELECT metadata FROM events WHERE stream = ${"group-" + group.body.id}`;
      assert.equal("traceparent" in row.metadata, false);
      const access = logLines(api).find((l) => l.msg === "request" && l.route === "/v1/groups");
      assert.ok(access, api.text);
      assert.equal(access.traceId, undefined);
      assert.equal(typeof access.instance, "string");
      const status = await api.stop();
      assert.equal(status.code, 0, api.text);
      assert.deepEqual(receiver.spans, []);
    } finally {
      api.kill();
      await api.finished();
    }
  },
});

Deno.test({
  name:
    "the bot traces each update and its calls to the Kopek API carry the update's trace context",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using receiver = startOtlpReceiver();
    await using telegram = startTelegramStandIn();
    // The Kopek API as the bot sees it: nobody is linked; each call's traceparent is kept.
    const traceparents: (string | null)[] = [];
    const apiPort = freePort();
    const api = Deno.serve({ port: apiPort, hostname: "127.0.0.1", onListen() {} }, async (req) => {
      await req.body?.cancel();
      traceparents.push(req.headers.get("traceparent"));
      return Response.json({ status: 404, code: "telegram.not_linked", detail: "not linked" }, {
        status: 404,
        headers: { "content-type": "application/problem+json" },
      });
    });
    const bot = startTask("serve:bot", {
      ...otel(receiver.endpoint, "kopek-bot"),
      KOPEK_TELEGRAM_TOKEN: "1000:stand-in-token",
      KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
      KOPEK_BOT_API_KEY: "a-bot-service-key-that-is-long-enough-123",
      KOPEK_API_URL: `http://127.0.0.1:${apiPort}`,
      KOPEK_LOG_LEVEL: "info",
      KOPEK_BOT_PORT: String(freePort()),
    });
    try {
      await bot.waitFor(/"bot polling"/);
      telegram.push(textUpdate(4242, 1, "/balance"));
      const deadline = Date.now() + 60_000;
      while (telegram.sentTo(4242).length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.match(telegram.sentTo(4242)[0] ?? "", /Link your Kopek account first/, bot.text);
      assert.ok(traceparents.length >= 1);
      const header = traceparents[0];
      const match = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/.exec(header ?? "");
      assert.ok(match, `one traceparent on the bot's call to the API: ${header}`);
      const spans = await receiver.until((all) =>
        all.some((s) => s.name === "telegram update" && s.traceId === match[1])
      );
      const update = spans.find((s) => s.name === "telegram update" && s.traceId === match[1])!;
      assert.equal(update.service, "kopek-bot");
      assert.equal(update.attributes["kopek.telegram.update"], "message");
      const status = await bot.stop();
      assert.equal(status.code, 0, bot.text);
      assert.doesNotMatch(bot.text, MISSING_PERMISSION, bot.text);
    } finally {
      bot.kill();
      await bot.finished();
      await api.shutdown();
    }
  },
});
