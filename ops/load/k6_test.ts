/**
 * The k6 scripts (`ops/load/*.k6.js`) cannot run here (no k6), so the suite
 * checks what it can: each is type-checked by `deno check` against k6's
 * types (`@types/k6`, mapped as `k6` and `k6/` in deno.json), the check is
 * shown to catch a wrong call, each script is documented, and the runner's
 * code runs on stand-ins of k6's modules (`testdata/k6_stub/`).
 */
import assert from "node:assert/strict";
import { fileURLToPath as fromFileUrl } from "node:url";

const dir = fromFileUrl(new URL(".", import.meta.url));
const root = fromFileUrl(new URL("../../", import.meta.url));
const scripts = [...Deno.readDirSync(dir)]
  .map((e) => e.name)
  .filter((n) => n.endsWith(".js"))
  .sort();

async function denoCheck(files: string[]): Promise<{ success: boolean; output: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "--config", `${root}deno.json`, ...files],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { success: out.success, output: decode(out.stdout) + decode(out.stderr) };
}

Deno.test("k6 scripts: every script, the runner and the shared scenarios type-check against @types/k6", async () => {
  assert.ok(scripts.filter((n) => n.endsWith(".k6.js")).length >= 5, scripts.join(", "));
  for (const name of scripts) {
    const text = await Deno.readTextFile(`${dir}${name}`);
    assert.ok(text.startsWith("// @ts-check\n/**"), `${name}: // @ts-check, then a header`);
  }
  const { success, output } = await denoCheck(scripts.map((n) => `ops/load/${n}`));
  assert.ok(success, output);
});

Deno.test("k6 scripts: the type check catches a wrong call of k6's API and of the scenarios", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "kopek-k6-check-" });
  const bad = `${tmp}/wrong.k6.js`;
  await Deno.writeTextFile(
    bad,
    `// @ts-check
import http from "k6/http";
import { run } from "${new URL("k6_runner.js", import.meta.url)}";
import { SCENARIOS } from "${new URL("scenarios.js", import.meta.url)}";
export default function () {
  http.get(42);
  run(SCENARIOS.write);
}
`,
  );
  try {
    const { success, output } = await denoCheck([bad]);
    assert.ok(!success, "a wrong script passed the check");
    assert.match(
      output,
      /Argument of type 'number' is not assignable to parameter of type 'string \| HttpURL'/,
    );
    assert.match(output, /is not assignable to parameter of type 'Scenario<any>'/);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("k6 scripts: each declares its options from the runner's thresholds, and the README names it", async () => {
  const readme = await Deno.readTextFile(`${dir}README.md`);
  const runner = await Deno.readTextFile(`${dir}k6_runner.js`);
  for (const threshold of ["http_req_failed", "checks", "p(95)<", "p(99)<"]) {
    assert.ok(runner.includes(threshold), `THRESHOLDS declares ${threshold}`);
  }
  for (const name of scripts.filter((n) => n.endsWith(".k6.js"))) {
    const text = await Deno.readTextFile(`${dir}${name}`);
    assert.match(text, /export const options = optionsFor\("[a-z-]+"\);/, name);
    assert.match(text, / \* +k6 run .*ops\/load\//, `${name}: its header says how to run it`);
    assert.ok(readme.includes(name), `ops/load/README.md names ${name}`);
  }
});

Deno.test("k6 runner: mixed.k6.js as it is, on stand-ins of k6's modules against a simulated Kopek, drives the scenarios (retry with the same body after Retry-After, tags, checks)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-config",
      "--no-lock",
      "--import-map=k6_stub/import_map.json",
      "k6_runner_check.js",
    ],
    cwd: `${dir}testdata`,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  assert.ok(out.success, text);
  assert.match(text, /k6 runner: 21 requests, \d+ checks, all held/);
});
