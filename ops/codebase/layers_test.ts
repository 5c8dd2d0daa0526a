/**
 * ADR 0002's import rules, enforced: the source files of each package (tests,
 * test kits and benches aside) import only the Kopek packages its row allows,
 * by name (`@kopek/x`) or by a relative path that leaves the package.
 *
 * @module
 */
import assert from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { kindOf } from "./metrics.ts";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), "../.."));

/** ADR 0002's table: what each package's source may import. */
export const MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  domain: [],
  contract: ["domain"],
  platform: ["domain"],
  eventstore: ["platform"],
  "command-api": ["domain", "contract", "eventstore", "platform", "imports", "rates"],
  projector: ["domain", "eventstore", "platform"],
  "query-api": [
    "domain",
    "contract",
    "eventstore",
    "platform",
    "projector",
    "imports",
    "rates",
  ],
  imports: ["domain", "eventstore", "platform", "rates"],
  rates: ["domain", "platform"],
  bot: ["domain", "contract", "platform"],
  scheduler: ["domain", "eventstore", "platform", "projector", "rates", "command-api"],
};

const PACKAGES = new Set([...Object.keys(MAY_IMPORT), "cli", "testing"]);
const SPECIFIER = /(?:from|import)\s*\(?\s*"([^"]+)"/g;

/** The Kopek packages a file's code imports (comments aside), other than its own. */
export function importedPackages(path: string, text: string): string[] {
  const own = path.split("/")[0];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found = new Set<string>();
  for (const [, spec] of code.matchAll(SPECIFIER)) {
    let target: string | undefined;
    if (spec.startsWith("@kopek/")) target = spec.slice("@kopek/".length).split("/")[0];
    else if (spec.startsWith(".")) {
      target = relative(ROOT, join(ROOT, dirname(path), spec)).split("/")[0];
    }
    if (target && target !== own && PACKAGES.has(target)) found.add(target);
  }
  return [...found].sort();
}

async function sourceFiles(pkg: string): Promise<string[]> {
  const out = await new Deno.Command("git", {
    args: ["ls-files", "--cached", "--others", "--exclude-standard", `${pkg}/`],
    cwd: ROOT,
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout).split("\n")
    .filter((p) => p.endsWith(".ts") && !p.includes("/bench/"));
}

Deno.test("each package's source imports only what ADR 0002 allows", async () => {
  const breaches: string[] = [];
  for (const [pkg, allowed] of Object.entries(MAY_IMPORT)) {
    for (const path of await sourceFiles(pkg)) {
      let text: string;
      try {
        text = await Deno.readTextFile(join(ROOT, path));
      } catch {
        continue; // listed but deleted in the working tree
      }
      if (kindOf(path, text) !== "source") continue;
      for (const used of importedPackages(path, text)) {
        if (!allowed.includes(used)) breaches.push(`${path} imports ${used}`);
      }
    }
  }
  assert.deepEqual(breaches, []);
});

Deno.test("importedPackages sees named and relative imports that leave the package", () => {
  const text = [
    'import { a } from "@kopek/domain";',
    'import type { B } from "../../platform/http/x.ts";',
    'import { c } from "./own.ts";',
    'export { d } from "@kopek/eventstore";',
    '// import { e } from "@kopek/cli";',
    'const f = await import("../../projector/mod.ts");',
  ].join("\n");
  assert.deepEqual(importedPackages("rates/sub/file.ts", text), [
    "domain",
    "eventstore",
    "platform",
    "projector",
  ]);
});
