/**
 * ops/prometheus/prometheus.yml passes `promtool check config` (Debian's package `prometheus`,
 * which .ci/run installs), and a broken copy of it does not. Where promtool is not installed the
 * tests are ignored, saying so, except in CI (`CI` or `KOPEK_CI` set), where its absence fails.
 * That every target is a port its compose service listens on is ops/compose_test.ts's.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
const CONFIG = join(root, "ops/prometheus/prometheus.yml");
const td = new TextDecoder();

const promtool = ["/usr/bin/promtool", "/usr/local/bin/promtool"].find((p) => existsSync(p));
const inCi = Boolean(Deno.env.get("CI") || Deno.env.get("KOPEK_CI"));
if (promtool === undefined && !inCi) {
  // deno-lint-ignore no-console -- why the tests below are ignored
  console.warn(
    "ops/prometheus/prometheus_test.ts: promtool is not installed (apt-get install prometheus): " +
      "its tests are ignored",
  );
}

async function check(path: string): Promise<{ ok: boolean; text: string }> {
  assert.ok(promtool, "promtool is not installed (apt-get install prometheus); CI must have it");
  const out = await new Deno.Command(promtool, {
    args: ["check", "config", path],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: out.success, text: td.decode(out.stdout) + td.decode(out.stderr) };
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
