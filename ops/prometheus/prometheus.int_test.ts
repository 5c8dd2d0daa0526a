/**
 * Prometheus against a real Kopek (ADR 0038): every family that the alert
 * rules (alerts.yml) and the Grafana dashboards (ops/grafana/dashboards/)
 * query is one the all-in-one's `/metrics` exports, so a renamed metric fails
 * here; and Debian's `prometheus` server scrapes a running all-in-one, answers
 * the request-rate query with a value and evaluates every rule of alerts.yml
 * on the real series without an error. Where the prometheus binary is not
 * installed the second test is ignored, saying so, except in CI (`CI` or
 * `KOPEK_CI`), where .ci/run installs it.
 */
import assert from "node:assert/strict";
import {
  createTestDatabase,
  freePort,
  PROMTOOL,
  promtoolCheckMetrics,
} from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";
import { ALERTS, allExpressions, exportedNames, metricNames } from "./promql.ts";
import { PROMETHEUS, startPrometheus } from "./server.ts";

const inCi = Boolean(Deno.env.get("CI") || Deno.env.get("KOPEK_CI"));
if (PROMETHEUS === undefined && !inCi) {
  // deno-lint-ignore no-console -- why the scrape test is ignored
  console.warn(
    "ops/prometheus/prometheus.int_test.ts: the prometheus server is not installed " +
      "(apt-get install --no-install-recommends prometheus): the scrape test is ignored",
  );
}

/** The all-in-one with every part whose families the rules and dashboards read. */
async function startKopek(dbUrl: string, storage: string) {
  // A rates source that refuses at once: the worker runs (its families exist) and fails.
  const dead = `http://127.0.0.1:${freePort()}/rates.xml`;
  return await startForTest(dbUrl, {
    KOPEK_RATE_LIMITS: "off",
    KOPEK_REPORTING_DATABASE_URL: dbUrl,
    KOPEK_STORAGE_PATHS: storage,
    KOPEK_RATES_FETCH: "on",
    KOPEK_RATES_DAILY_URL: dead,
    KOPEK_RATES_HISTORY_URL: dead,
  });
}

/** A few writes and reads. */
async function traffic(base: string): Promise<void> {
  const { client } = await new KopekClient(base).register(
    `prom-${crypto.randomUUID()}@example.com`,
    "Prom",
  );
  const g = await client.post("/v1/groups", { name: "Flat", currency: "EUR" });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const read = await client.get(`/v1/groups/${g.body.id}`, {
    "Kopek-Min-Position": String(g.body.position),
  });
  assert.equal(read.status, 200, JSON.stringify(read.body));
}

Deno.test({
  name: "every family the alert rules and the dashboards query is one a running Kopek exports",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_prom_families", { max: 2 });
    const storage = await Deno.makeTempDir({ prefix: "kopek-prom-storage-" });
    const kopek = await startKopek(db.url, storage);
    try {
      await traffic(kopek.url);
      const res = await fetch(`${kopek.url}/metrics`);
      assert.equal(res.status, 200);
      const text = await res.text();
      const exported = exportedNames(text);
      // The families added for the alerts: real samples, and promtool accepts them.
      assert.match(text, /^kopek_db_wal_archive_state_up 1$/m);
      assert.match(text, new RegExp(`^kopek_storage_free_bytes\\{path="${storage}"\\} [1-9]`, "m"));
      if (PROMTOOL) {
        const { ok, said } = await promtoolCheckMetrics(text);
        assert.ok(ok, `promtool check metrics:\n${said}`);
      }
      const expressions = await allExpressions();
      assert.ok(expressions.some((e) => e.where.endsWith(".json")), "no dashboard found");
      const missing: string[] = [];
      let names = 0;
      for (const { where, expr } of expressions) {
        for (const name of metricNames(expr)) {
          names++;
          if (!exported.has(name)) missing.push(`${where}: ${name}`);
        }
      }
      assert.deepEqual(missing, [], `not exported by Kopek:\n${missing.join("\n")}`);
      assert.ok(names >= 30, `${names} names`);
      // The check checks: a renamed family is not among them.
      assert.ok(exported.has("kopek_http_requests_total"));
      assert.ok(!exported.has("kopek_http_request_total"));
    } finally {
      await kopek.stop();
      await Deno.remove(storage, { recursive: true });
    }
  },
});

interface QueryAnswer {
  status: string;
  data: {
    resultType: string;
    result: { metric: Record<string, string>; value: [number, string] }[];
  };
}

interface RulesAnswer {
  data: {
    groups: {
      name: string;
      rules: { name: string; health: string; lastError?: string; lastEvaluation: string }[];
    }[];
  };
}

async function getJson<T>(url: string): Promise<T | null> {
  try {
    const res = await fetch(url);
    if (!res.ok) {
      await res.body?.cancel();
      return null;
    }
    return await res.json() as T;
  } catch {
    return null; // not listening yet
  }
}

Deno.test({
  name:
    "Prometheus scrapes a running Kopek: the request-rate query answers a value, every alert rule evaluates",
  ignore: PROMETHEUS === undefined && !inCi,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    assert.ok(
      PROMETHEUS,
      "prometheus is not installed (apt-get install prometheus); CI must have it",
    );
    await using db = await createTestDatabase("kopek_prom_scrape", { max: 2 });
    const dir = await Deno.makeTempDir({ prefix: "kopek-prometheus-" });
    const kopek = await startKopek(db.url, dir);
    const target = new URL(kopek.url).host;
    // The real rules, beside a configuration that scrapes the all-in-one every second.
    const prometheus = await startPrometheus({
      dir,
      target,
      intervalSeconds: 1,
      ruleFiles: [ALERTS],
    });
    const base = prometheus.base;
    try {
      // Requests go on while Prometheus takes its first samples; bounded waits, nothing timed.
      const query = encodeURIComponent("sum(rate(kopek_http_requests_total[1m]))");
      let rate: number | undefined;
      const deadline = Date.now() + 90_000;
      while (rate === undefined && Date.now() < deadline) {
        await traffic(kopek.url);
        const answer = await getJson<QueryAnswer>(`${base}/api/v1/query?query=${query}`);
        const value = answer?.data.result[0]?.value[1];
        if (value !== undefined && Number(value) > 0) rate = Number(value);
        else await new Promise((r) => setTimeout(r, 500));
      }
      assert.ok(
        rate !== undefined,
        `no request rate from Prometheus within 90 s:\n${prometheus.output()}`,
      );
      assert.ok(Number.isFinite(rate) && rate > 0, String(rate));

      const up = await getJson<QueryAnswer>(`${base}/api/v1/query?query=up`);
      assert.deepEqual(
        up?.data.result.map((r) => [r.metric.job, r.metric.instance, r.value[1]]),
        [["kopek", target, "1"]],
      );

      // Every rule of alerts.yml has been evaluated on the real series, without an error (a
      // many-to-many match, a wrong type would show here).
      let rules: RulesAnswer["data"]["groups"][number]["rules"] = [];
      const evaluated = Date.now() + 30_000;
      while (Date.now() < evaluated) {
        const answer = await getJson<RulesAnswer>(`${base}/api/v1/rules`);
        rules = answer?.data.groups.flatMap((g) => g.rules) ?? [];
        if (
          rules.length > 0 &&
          rules.every((r) => r.health !== "unknown" && !r.lastEvaluation.startsWith("0001"))
        ) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      assert.ok(rules.length >= 12, JSON.stringify(rules));
      for (const rule of rules) {
        assert.equal(
          rule.health,
          "ok",
          `${rule.name}: ${rule.lastError ?? ""}\n${prometheus.output()}`,
        );
      }

      const status = await prometheus.stop();
      assert.equal(status.code, 0, prometheus.output());
    } finally {
      await prometheus.kill();
      await kopek.stop();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
