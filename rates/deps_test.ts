import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL(".", import.meta.url));

/** Every TypeScript file of the rates package. */
function sources(dir = ROOT): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) found.push(...sources(path));
    else if (entry.name.endsWith(".ts")) found.push(path);
  }
  return found;
}

Deno.test("rates imports nothing of the event store (its migrations run through platform)", () => {
  const offending = sources().filter((path) =>
    /from\s+["'](@kopek\/eventstore|\.\.\/eventstore\/)/.test(Deno.readTextFileSync(path))
  ).map((path) => relative(ROOT, path));
  assert.deepEqual(offending, [], "ADR 0048: rates depends on platform, never on eventstore");
});
