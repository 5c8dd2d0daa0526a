// Prints the gzipped size of every JS chunk of the build, and the total that
// the first load transfers: what build/index.html loads (its scripts and
// modulepreloads, with their static imports) plus the first page's route
// chunks (the groups list at "/"). Fails above the budget (150 KB gzipped).
import { gzipSync } from "node:zlib";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const BUDGET = 150 * 1024;
const root = new URL("../", import.meta.url).pathname;
const build = join(root, "build");
const clientOut = join(root, ".svelte-kit/output/client");
if (!existsSync(join(build, "index.html"))) {
  console.error("no build/: run `npm run build` first");
  process.exit(1);
}

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const chunks = walk(join(build, "_app")).filter((f) => f.endsWith(".js"))
  .map((f) => ({ path: "/" + relative(build, f), raw: statSync(f).size, gzip: gz(f) }))
  .sort((a, b) => b.gzip - a.gzip);
const sw = join(build, "service-worker.js");

console.log("JS chunks (gzip level 9):");
for (const c of chunks) console.log(`  ${kb(c.gzip).padStart(9)}  ${kb(c.raw).padStart(9)} raw  ${c.path}`);
if (existsSync(sw)) console.log(`  ${kb(gz(sw)).padStart(9)}  ${kb(statSync(sw).size).padStart(9)} raw  /service-worker.js (installed in the background, not part of the page load)`);

// Static imports between chunks, read from the built files themselves.
function imports(path) {
  const code = readFileSync(join(build, path), "utf8");
  const out = new Set();
  for (const m of code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?["']([^"']+\.js)["']/g)) {
    out.add(new URL(m[1], "http://x" + path).pathname);
  }
  return [...out].filter((p) => existsSync(join(build, p)));
}
function closure(entries) {
  const seen = new Set();
  const stack = [...entries];
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p) || !existsSync(join(build, p))) continue;
    seen.add(p);
    stack.push(...imports(p));
  }
  return seen;
}

const html = readFileSync(join(build, "index.html"), "utf8");
const fromHtml = [...html.matchAll(/(?:src|href)="(\/_app\/[^"]+\.js)"/g)].map((m) => m[1]);
// The bootstrap imports the start and app entries dynamically; they are modulepreloaded too.
for (const p of [...fromHtml]) {
  for (const m of readFileSync(join(build, p), "utf8").matchAll(/import\(["'](\/_app\/[^"']+\.js)["']\)/g)) fromHtml.push(m[1]);
}
const shell = closure(fromHtml);

// Route chunks: SvelteKit's client manifest names one generated node per route component.
const manifestFile = join(clientOut, ".vite/manifest.json");
const nodesDir = join(root, ".svelte-kit/generated/build/client-optimized/nodes");
const manifest = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, "utf8")) : {};
function routeChunks(component) {
  const out = new Set();
  if (!existsSync(nodesDir)) return out;
  for (const f of readdirSync(nodesDir)) {
    if (!readFileSync(join(nodesDir, f), "utf8").includes(`src/routes/${component}"`)) continue;
    const key = Object.keys(manifest).find((k) => k.endsWith(`client-optimized/nodes/${f}`));
    if (key) for (const p of closure(["/" + manifest[key].file])) if (!shell.has(p)) out.add(p);
  }
  return out;
}

const sum = (set) => [...set].reduce((a, p) => a + gz(join(build, p)), 0);
const shellSize = sum(shell);
console.log(`\nindex.html loads ${shell.size} JS files: ${kb(shellSize)} gzipped`);
let total = shellSize;
for (const [route, component] of [["/", "+page.svelte"], ["/signin", "signin/+page.svelte"], ["/groups/[g]", "groups/[g]/+page.svelte"]]) {
  const chunks = routeChunks(component);
  const size = sum(chunks);
  console.log(`  first load at ${route.padEnd(12)} adds ${String(chunks.size).padStart(2)} route files: ${kb(size).padStart(8)} -> ${kb(shellSize + size)}`);
  total = Math.max(total, shellSize + size);
}
console.log(`FIRST LOAD total (largest of the above): ${kb(total)} gzipped JS (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error("over budget");
  process.exit(1);
}
