/**
 * `/metrics` of every HTTP service after real traffic (ADR 0036): the
 * command API, the query API and the projector as processes under their
 * tasks' permission flags, on one real database, the rates and import
 * workers and the polling bot (their operations port), and the all-in-one in
 * this process. Each output passes `promtool check metrics` (Prometheus's own
 * linter; skipped with a warning where promtool is not installed, CI
 * installs the `prometheus` package), requests to many groups are one series
 * under the route template, and refusals carry their problem codes.
 */
import assert from "node:assert/strict";
import {
  createTestDatabase,
  freePort,
  PROMTOOL,
  promtoolCheckMetrics,
} from "@kopek/platform/testing";
import {
  KopekClient,
  type SpawnedTask,
  startForTest,
  startTask,
  walkthrough,
} from "@kopek/testing";
import { startRatesServer } from "../../rates/_testing.ts";
import { startTelegramStandIn } from "../../bot/testing/telegram_stand_in.ts";

const SECRET = "a-test-secret-that-is-long-enough-1234";
const MISSING_PERMISSION = /NotCapable|Requires \w+ access/;

if (!PROMTOOL) {
  // deno-lint-ignore no-console -- why the promtool checks are skipped
  console.warn(
    "e2e/operations/metrics.int_test.ts: promtool not found, `promtool check metrics` skipped (CI installs it: apt-get install prometheus)",
  );
}

/** `/metrics` of `base`, checked by promtool when it is there. */
async function scrape(base: string): Promise<string> {
  const res = await fetch(`${base}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  if (PROMTOOL) {
    const { ok, said } = await promtoolCheckMetrics(text);
    assert.ok(ok, `promtool check metrics on ${base}/metrics:\n${said}`);
  }
  return text;
}

/** The samples of `family` whose labels include `labels`, as label strings. */
function samples(text: string, family: string, labels: Record<string, string> = {}): string[] {
  return text.split("\n").filter((line) =>
    line.startsWith(`${family}{`) &&
    Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))
  );
}

function sampleValue(line: string): number {
  return Number(line.slice(line.lastIndexOf(" ") + 1));
}

/** Registration, two groups, reads of each by id, and refusals (401, 404, 422). */
async function traffic(commandBase: string, queryBase: string) {
  const { client: ana } = await new KopekClient(commandBase).register(
    `ana-${crypto.randomUUID()}@example.com`,
    "Ana",
  );
  const reader = new KopekClient(queryBase, ana.token);
  const groups: string[] = [];
  for (const name of ["Flat", "Trip", "Club"]) {
    const g = await ana.post("/v1/groups", { name, currency: "EUR" });
    assert.equal(g.status, 201, JSON.stringify(g.body));
    groups.push(g.body.id as string);
    const read = await reader.get(`/v1/groups/${g.body.id}`, {
      "Kopek-Min-Position": String(g.body.position),
    });
    assert.equal(read.status, 200, JSON.stringify(read.body));
  }
  assert.equal((await new KopekClient(queryBase).get(`/v1/groups/${groups[0]}`)).status, 401);
  assert.equal((await reader.get(`/v1/no/such/thing/${crypto.randomUUID()}`)).status, 404);
  assert.equal((await ana.post("/v1/groups", { name: "", currency: "EUR" })).status, 422);
  return groups;
}

function assertNoIds(text: string, ids: readonly string[]) {
  for (const id of ids) assert.ok(!text.includes(id), `an id became a label: ${id}`);
}

Deno.test({
  name:
    "command API, query API and projector serve /metrics that promtool accepts, under their tasks' flags",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_metrics", { max: 2 });
    const common = {
      KOPEK_DATABASE_URL: db.url,
      KOPEK_JWT_SECRET: SECRET,
      KOPEK_LOG_LEVEL: "info",
      KOPEK_RATE_LIMITS: "off",
    };
    const commandBase = `http://127.0.0.1:${freePort()}`;
    const queryBase = `http://127.0.0.1:${freePort()}`;
    const projectorBase = `http://127.0.0.1:${freePort()}`;
    const running: SpawnedTask[] = [];
    try {
      const commandApi = startTask("serve:command-api", {
        ...common,
        KOPEK_PORT: new URL(commandBase).port,
      });
      running.push(commandApi);
      await commandApi.ready(commandBase);
      const projector = startTask("serve:projector", {
        ...common,
        KOPEK_PORT: new URL(projectorBase).port,
      });
      running.push(projector);
      const queryApi = startTask("serve:query-api", {
        ...common,
        KOPEK_PORT: new URL(queryBase).port,
      });
      running.push(queryApi);
      await projector.ready(projectorBase);
      await queryApi.ready(queryBase);

      const groups = await traffic(commandBase, queryBase);

      const commands = await scrape(commandBase);
      assertNoIds(commands, groups);
      const created = samples(commands, "kopek_http_requests_total", {
        route: "/v1/groups",
        method: "POST",
        status: "201",
      });
      assert.equal(created.length, 1, commands);
      assert.equal(sampleValue(created[0]), 3);
      assert.equal(
        samples(commands, "kopek_http_problems_total", { status: "422", code: "validation" })
          .length,
        1,
        commands,
      );
      assert.match(commands, /^process_resident_memory_bytes [1-9]/m);
      // Its PostgreSQL pool.
      assert.match(commands, /^kopek_db_pool_max_connections\{pool="main"\} 20$/m);
      assert.match(commands, /^kopek_db_pool_connections\{pool="main",state="idle"\} [1-9]/m);
      // Import jobs by status, read from the database at the scrape (none were queued).
      assert.match(commands, /^kopek_imports_jobs\{status="queued"\} 0$/m);
      // Appends of this process, by outcome.
      assert.match(commands, /^kopek_eventstore_appends_total\{outcome="appended"\} [1-9]/m);
      assert.match(commands, /^# TYPE nodejs_eventloop_lag_p99_seconds gauge/m);

      const reads = await scrape(queryBase);
      assertNoIds(reads, groups);
      const byId = samples(reads, "kopek_http_requests_total", {
        route: "/v1/groups/:groupId",
        method: "GET",
      });
      assert.deepEqual(
        byId.map((l) => [l.includes('status="200"') ? 200 : 401, sampleValue(l)]).sort(),
        [[200, 3], [401, 1]],
        reads,
      );
      assert.equal(
        samples(reads, "kopek_http_requests_total", { route: "unmatched", status: "404" }).length,
        1,
        reads,
      );
      assert.equal(
        samples(reads, "kopek_http_problems_total", { status: "401", code: "unauthenticated" })
          .length,
        1,
      );
      // The duration histogram of one route: cumulative buckets up to +Inf, a count and a sum.
      assert.match(
        reads,
        /^kopek_http_request_duration_seconds_bucket\{le="\+Inf",route="\/v1\/groups\/:groupId",method="GET"\} 4$/m,
      );

      const projectorText = await scrape(projectorBase);
      assert.match(projectorText, /^process_cpu_seconds_total /m);
      // The projector's state, read from the database at the scrape: every projection caught up.
      assert.match(projectorText, /^kopek_projector_state_up 1$/m);
      assert.match(
        projectorText,
        /^kopek_projector_checkpoint_position\{projection="groups"\} [1-9]/m,
      );
      assert.match(projectorText, /^kopek_projector_batch_events_count [1-9]/m);
      assert.equal(
        samples(projectorText, "kopek_http_requests_total", { route: "/readyz" }).length > 0,
        true,
      );

      for (const run of [commandApi, queryApi, projector]) {
        const status = await run.stop();
        assert.equal(status.code, 0, `${run.name} stops cleanly:\n${run.text}`);
        assert.doesNotMatch(run.text, MISSING_PERMISSION, `${run.name}:\n${run.text}`);
      }
    } finally {
      for (const run of running) run.kill();
      await Promise.all(running.map((run) => run.finished()));
    }
  },
});

Deno.test({
  name:
    "the rates and import workers and the polling bot serve /healthz, /readyz and /metrics, under their tasks' flags",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_metrics", { max: 2 });
    await using mirror = await startRatesServer();
    await using telegram = startTelegramStandIn();
    const ratesBase = `http://127.0.0.1:${freePort()}`;
    const importsBase = `http://127.0.0.1:${freePort()}`;
    const botBase = `http://127.0.0.1:${freePort()}`;
    const running: SpawnedTask[] = [];
    try {
      // One after another: Deno processes loading the same node_modules at once may fail to load.
      const rates = startTask("serve:rates", {
        KOPEK_DATABASE_URL: db.url,
        KOPEK_RATES_DAILY_URL: mirror.dailyUrl,
        KOPEK_RATES_HISTORY_URL: mirror.historyUrl,
        KOPEK_LOG_LEVEL: "info",
        KOPEK_PORT: new URL(ratesBase).port,
      });
      running.push(rates);
      await rates.ready(ratesBase);
      await rates.waitFor(/"rates fetched"/);
      const imports = startTask("serve:imports", {
        KOPEK_DATABASE_URL: db.url,
        KOPEK_LOG_LEVEL: "info",
        KOPEK_PORT: new URL(importsBase).port,
      });
      running.push(imports);
      await imports.ready(importsBase);
      // Polling (no KOPEK_TELEGRAM_WEBHOOK_URL): its port is KOPEK_BOT_PORT, as in webhook mode.
      const bot = startTask("serve:bot", {
        KOPEK_TELEGRAM_TOKEN: "1000:stand-in-token",
        KOPEK_TELEGRAM_API_ROOT: telegram.apiRoot,
        KOPEK_BOT_API_KEY: SECRET,
        KOPEK_LOG_LEVEL: "info",
        KOPEK_BOT_PORT: new URL(botBase).port,
      });
      running.push(bot);
      await bot.ready(botBase);
      await bot.waitFor(/"bot polling"/);

      for (const base of [ratesBase, importsBase, botBase]) {
        const res = await fetch(`${base}/healthz`);
        assert.equal(res.status, 200, base);
        await res.body?.cancel();
      }

      const ratesText = await scrape(ratesBase);
      // The first run stored the mirror's history: one ok run, and when it ended.
      assert.match(ratesText, /^kopek_rates_runs_total\{outcome="ok"\} 1$/m);
      assert.match(ratesText, /^kopek_rates_last_success_timestamp_seconds [1-9]/m);
      // KopekRatesStale joins it with the process's start on (job, instance).
      assert.match(ratesText, /^process_start_time_seconds [1-9]/m);
      assert.match(ratesText, /^kopek_db_pool_max_connections\{pool="main"\} 2$/m);
      assert.match(ratesText, /^process_resident_memory_bytes [1-9]/m);

      const importsText = await scrape(importsBase);
      assert.match(importsText, /^kopek_imports_jobs\{status="queued"\} 0$/m);
      assert.match(importsText, /^# TYPE kopek_imports_runs_total counter$/m);
      assert.match(importsText, /^kopek_db_pool_max_connections\{pool="main"\} 4$/m);

      const botText = await scrape(botBase);
      assert.match(botText, /^kopek_bot_parses_total\{outcome="recorded"\} 0$/m);
      assert.match(botText, /^# TYPE kopek_bot_updates_total counter$/m);
      assert.ok(
        samples(botText, "kopek_http_requests_total", { route: "/readyz" }).length > 0,
        botText,
      );

      for (const run of [rates, imports, bot]) {
        const status = await run.stop();
        assert.equal(status.code, 0, `${run.name} stops cleanly:\n${run.text}`);
        assert.doesNotMatch(run.text, MISSING_PERMISSION, `${run.name}:\n${run.text}`);
      }
    } finally {
      for (const run of running) run.kill();
      await Promise.all(running.map((run) => run.finished()));
    }
  },
});

Deno.test({
  name:
    "the all-in-one serves one /metrics for all its parts, promtool accepts it; off serves none",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_metrics", { max: 2 });
    const kopek = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
    try {
      await walkthrough(kopek.url);
      const groups = await traffic(kopek.url, kopek.url);
      // The same create twice under one Idempotency-Key: the second is a replay.
      const { client: dan } = await new KopekClient(kopek.url).register("dan@example.com", "Dan");
      const key = { "Idempotency-Key": crypto.randomUUID() };
      const first = await dan.post("/v1/groups", { name: "Once", currency: "EUR" }, key);
      const again = await dan.post("/v1/groups", { name: "Once", currency: "EUR" }, key);
      assert.equal(again.body.id, first.body.id);
      const text = await scrape(kopek.url);
      assertNoIds(text, groups);
      // Writes (command API), reads (query API) and the process's own routes, one registry.
      for (
        const [route, method] of [
          ["/v1/groups", "POST"],
          ["/v1/groups/:g/expenses", "POST"],
          ["/v1/groups/:groupId", "GET"],
          ["/v1/groups/:g/expenses/:e", "DELETE"],
          ["/readyz", "GET"],
        ]
      ) {
        assert.ok(
          samples(text, "kopek_http_requests_total", { route, method }).length >= 1,
          `${method} ${route} in:\n${text}`,
        );
      }
      // Commands by type and outcome; appends by outcome (walkthrough: a stale amend is refused).
      assert.ok(
        samples(text, "kopek_commands_accepted_total", { command: "expense.record" }).length === 1,
        text,
      );
      assert.equal(
        samples(text, "kopek_commands_refused_total", {
          command: "group.create",
          reason: "validation",
        })
          .length,
        1,
        text,
      );
      assert.equal(
        samples(text, "kopek_commands_refused_total", {
          command: "expense.amend",
          reason: "version.stale",
        })
          .length,
        1,
        text,
      );
      const replays = samples(text, "kopek_commands_replayed_total", { command: "group.create" });
      assert.equal(replays.length, 1, text);
      assert.equal(sampleValue(replays[0]), 1);
      assert.ok(
        sampleValue(samples(text, "kopek_eventstore_appends_total", { outcome: "appended" })[0]) >=
          10,
        text,
      );
      assert.match(
        text,
        /^kopek_eventstore_append_duration_seconds_count\{outcome="appended"\} \d+$/m,
      );
      assert.match(text, /^kopek_db_pool_waiting\{pool="main"\} 0$/m);
      // The bus: up, and the projector's announcements counted under their channel.
      assert.match(text, /^kopek_bus_up 1$/m);
      assert.match(text, /^kopek_bus_messages_published_total\{channel="kopek:advanced"\} [1-9]/m);
      // Every route label is a template or "unmatched": no path with an id in it.
      const routes = new Set(
        samples(text, "kopek_http_requests_total").map((l) => /route="([^"]*)"/.exec(l)![1]),
      );
      for (const route of routes) {
        assert.match(route, /^(unmatched|\/[A-Za-z0-9_.:/*-]*)$/, [...routes].join("\n"));
        assert.doesNotMatch(route, /[0-9a-f]{8}-[0-9a-f]{4}/);
      }
    } finally {
      await kopek.stop();
    }
    const off = await startForTest(db.url, { KOPEK_METRICS: "off" });
    try {
      const res = await fetch(`${off.url}/metrics`);
      assert.equal(res.status, 200);
      assert.equal(await res.text(), "");
    } finally {
      await off.stop();
    }
  },
});
