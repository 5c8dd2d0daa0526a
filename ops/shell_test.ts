/**
 * The deployment's scripts and workflows are checked like code: every shell
 * script of the repository (`*.sh`, `.ci/run`, `.github/scripts/*`) passes
 * Debian's `shellcheck`, and every GitHub Actions workflow passes
 * `@action-validator/cli` (its JSON schemas, run from npm with `npx`). ADR 0030.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";

/** Pinned: a new release of the validator's schemas is a change of its own. */
const ACTION_VALIDATOR = "@action-validator/cli@0.6.0";
const root = new URL("../", import.meta.url).pathname;
const td = new TextDecoder();

async function run(cmd: string, args: string[]) {
  const out = await new Deno.Command(cmd, { args, cwd: root, stdout: "piped", stderr: "piped" })
    .output();
  return { ok: out.success, text: td.decode(out.stdout) + td.decode(out.stderr) };
}

/** The repository's files (tracked or new, not ignored) whose path matches. */
async function files(match: (path: string) => boolean): Promise<string[]> {
  const ls = await run("git", ["ls-files", "--cached", "--others", "--exclude-standard"]);
  assert.ok(ls.ok, ls.text);
  return ls.text.split("\n").filter((p) => p !== "" && existsSync(root + p) && match(p));
}

const shellcheck = ["/usr/bin/shellcheck", "/usr/local/bin/shellcheck"].find((p) => existsSync(p));
if (shellcheck === undefined) {
  // deno-lint-ignore no-console
  console.warn("shellcheck is not installed (apt-get install shellcheck): its test is ignored");
}

Deno.test({
  name: "every shell script passes shellcheck",
  ignore: shellcheck === undefined,
  fn: async () => {
    const scripts = await files((p) =>
      p.endsWith(".sh") || p === ".ci/run" || p.startsWith(".github/scripts/")
    );
    assert.ok(scripts.includes(".ci/run") && scripts.includes("ops/ensure-chromium.sh"));
    const result = await run(shellcheck!, ["--format=gcc", ...scripts]);
    assert.ok(result.ok, result.text);
  },
});

Deno.test("every GitHub Actions workflow passes action-validator", async () => {
  const workflows = await files((p) => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(p));
  assert.ok(workflows.includes(".github/workflows/ci.yml"));
  assert.ok(workflows.includes(".github/workflows/release.yml"));
  for (const workflow of workflows) {
    const result = await run("npx", ["--yes", ACTION_VALIDATOR, workflow]);
    assert.ok(result.ok, `${workflow}: ${result.text}`);
  }
});

Deno.test("the release builds with a pinned build-push-action and deploys staging, then production", async () => {
  const release = await Deno.readTextFile(root + ".github/workflows/release.yml");
  for (const environment of ["staging", "production"]) {
    assert.match(release, new RegExp(`environment: ${environment}\\n`));
    assert.match(release, new RegExp(`deploy\\.sh ${environment} `));
  }
  assert.match(release, /docker\/build-push-action@v\d+\.\d+\.\d+/);
});
