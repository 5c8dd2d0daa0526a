// Builds the PWA when its build is missing or older than its sources, so that
// `deno task start` and `deno task test` serve an up-to-date web/build without
// rebuilding on every run. Installs the dependencies first when package-lock.json
// changed since the last install. Node only, no dependencies.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function newest(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = s.mtimeMs;
  for (const name of readdirSync(path)) t = Math.max(t, newest(join(path, name)));
  return t;
}

function run(...args) {
  console.log(`web: npm ${args.join(" ")}`);
  execFileSync(npm, args, { cwd: web, stdio: "inherit" });
}

const lock = join(web, "package-lock.json");
const installed = join(web, "node_modules", ".package-lock.json");
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  run("ci", "--no-audit", "--no-fund");
}
// The PWA also bundles the server's pure money code and category list ($domain, ADR 0011).
const sources = Math.max(
  ...["src", "static", "project.inlang", "package-lock.json", "svelte.config.js", "vite.config.ts"].map((p) =>
    newest(join(web, p))
  ),
  ...["money", "ledger", "shared/categories.ts"].map((p) => newest(join(web, "..", "domain", p))),
);
const built = join(web, "build", "index.html");
if (!existsSync(built) || statSync(built).mtimeMs < sources) run("run", "build");
else console.log("web: the build is up to date");
