/**
 * ops/prometheus/prometheus.yml passes `promtool check config` (Debian's package `prometheus`,
 * which .ci/run installs), and a broken copy of it does not; its alert rules (alerts.yml) pass
 * `promtool check rules` and their unit tests (`promtool test rules alerts_test.yml`), in which
 * every alert fires and clears (ADR 0038). Where promtool is not installed those tests are
 * ignored, saying so, except in CI (`CI` or `KOPEK_CI` set), where its absence fails.
 * That every target is a port its compose service listens on is ops/compose_test.ts's; that the
 * rules and dashboards name only families Kopek exports is ops/prometheus/prometheus.int_test.ts's.
 */
import assert from "node:assert/strict";
import { PROMTOOL, runCommand } from "@kopek/platform/testing";
import { join } from "node:path";
import { alertRules, ALERTS, ALERTS_TEST, readYaml } from "./promql.ts";

const root = new URL("../../", import.meta.url).pathname;
const CONFIG = join(root, "ops/prometheus/prometheus.yml");

const promtool = PROMTOOL;
const inCi = Boolean(Deno.env.get("CI") || Deno.env.get("KOPEK_CI"));
if (promtool === undefined && !inCi) {
  // deno-lint-ignore no-console -- why the tests below are ignored
  console.warn(
    "ops/prometheus/prometheus_test.ts: promtool is not installed (apt-get install prometheus): " +
      "its tests are ignored",
  );
}

async function check(path: string): Promise<{ ok: boolean; text: string }> {
  return await promtoolRun(["check", "config", path]);
}

async function promtoolRun(args: string[]): Promise<{ ok: boolean; text: string }> {
  assert.ok(promtool, "promtool is not installed (apt-get install prometheus); CI must have it");
  const out = await runCommand(promtool, args, { cwd: root });
  return { ok: out.success, text: out.stdout + out.stderr };
}

Deno.test({
  name: "ops/prometheus/prometheus.yml passes promtool check config",
  ignore: promtool === undefined && !inCi,
  fn: async () => {
    const result = await check(CONFIG);
    assert.ok(result.ok, result.text);
    assert.match(result.text, /SUCCESS/);
  },
});

Deno.test({
  name: "promtool refuses a broken copy of it (the check checks)",
  ignore: promtool === undefined && !inCi,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "kopek-prometheus-" });
    try {
      const text = await Deno.readTextFile(CONFIG);
      const broken = join(dir, "prometheus.yml");
      // A DNS discovery without its port, and a duplicate job name: both refused.
      await Deno.writeTextFile(broken, text.replace(/^(\s+)port: 8080\n/m, ""));
      const noPort = await check(broken);
      assert.ok(!noPort.ok, noPort.text);
      await Deno.writeTextFile(
        broken,
        text.replace("job_name: query-api", "job_name: command-api"),
      );
      const duplicate = await check(broken);
      assert.ok(!duplicate.ok, duplicate.text);
      assert.match(duplicate.text, /command-api/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "ops/prometheus/alerts.yml passes promtool check rules",
  ignore: promtool === undefined && !inCi,
  fn: async () => {
    const result = await promtoolRun(["check", "rules", ALERTS]);
    assert.ok(result.ok, result.text);
    assert.match(result.text, /SUCCESS: \d+ rules found/);
  },
});

Deno.test({
  name: "the alert rules' unit tests pass (promtool test rules alerts_test.yml)",
  ignore: promtool === undefined && !inCi,
  fn: async () => {
    const result = await promtoolRun(["test", "rules", ALERTS_TEST]);
    assert.ok(result.ok, result.text);
    assert.match(result.text, /SUCCESS/);
  },
});

Deno.test({
  name: "a rule that no longer fires fails its unit test (the tests test)",
  ignore: promtool === undefined && !inCi,
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "kopek-alerts-" });
    try {
      const rules = await Deno.readTextFile(ALERTS);
      // The error-rate threshold raised from 5 % to 50 %: its 14 % no longer fires.
      const raised = rules.replace(/^(\s+)> 0\.05$/m, "$1> 0.5");
      assert.notEqual(raised, rules);
      await Deno.writeTextFile(join(dir, "alerts.yml"), raised);
      await Deno.copyFile(ALERTS_TEST, join(dir, "alerts_test.yml"));
      const result = await promtoolRun(["test", "rules", join(dir, "alerts_test.yml")]);
      assert.ok(!result.ok, result.text);
      assert.match(result.text, /KopekHighErrorRate/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

interface RuleTests {
  rule_files: string[];
  tests: {
    alert_rule_test?: { eval_time: string; alertname: string; exp_alerts?: unknown[] }[];
  }[];
}

/** A promtool duration (`90m`, `14h`, `1h30m`) in seconds. */
function seconds(duration: string): number {
  let total = 0;
  for (const m of duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }[m[2]]!;
    total += Number(m[1]) * unit;
  }
  return total;
}

Deno.test("every alert is unit-tested firing, then cleared later in the same test", async () => {
  const rules = await alertRules();
  const file = await readYaml(ALERTS_TEST) as RuleTests;
  assert.deepEqual(file.rule_files, ["alerts.yml"]);
  for (const rule of rules) {
    const shown = file.tests.some((test) => {
      const checks = (test.alert_rule_test ?? []).filter((c) => c.alertname === rule.alert);
      const firing = checks.filter((c) => (c.exp_alerts ?? []).length > 0).map((c) =>
        seconds(c.eval_time)
      );
      const clear = checks.filter((c) => (c.exp_alerts ?? []).length === 0).map((c) =>
        seconds(c.eval_time)
      );
      return firing.some((f) => clear.some((c) => c > f));
    });
    assert.ok(shown, `${rule.alert}: no test in alerts_test.yml shows it firing and then clear`);
  }
});

/** GitHub's anchor of a Markdown heading. */
function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

Deno.test("every alert has a severity, a summary and a runbook_url naming a section of docs/operations.md", async () => {
  const docs = await Deno.readTextFile(join(root, "docs/operations.md"));
  const anchors = new Set(
    [...docs.matchAll(/^#{2,4} (.+)$/gm)].map((m) => slug(m[1])),
  );
  const rules = await alertRules();
  assert.ok(rules.length >= 12, `${rules.length} alerts`);
  for (const rule of rules) {
    assert.match(rule.labels?.severity ?? "", /^(page|warning)$/, rule.alert);
    assert.ok(rule.annotations?.summary, `${rule.alert}: no summary`);
    const url = rule.annotations?.runbook_url ?? "";
    const m = /^docs\/operations\.md#(.+)$/.exec(url);
    assert.ok(m, `${rule.alert}: runbook_url ${url} is not docs/operations.md#…`);
    assert.ok(anchors.has(m[1]), `${rule.alert}: docs/operations.md has no section #${m[1]}`);
  }
});
