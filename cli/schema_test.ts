import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { KOPEK_SCHEMA } from "./schema.ts";
import { REPO_ROOT } from "@kopek/testing";

/** Folders that hold no migrations of Kopek's database. */
const SKIPPED = new Set([".git", "node_modules", "web", "data", "docs", "adr"]);

/** Every folder named `migrations` in the repository, relative to it. */
function migrationFolders(dir = REPO_ROOT): string[] {
  const found: string[] = [];
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isDirectory || SKIPPED.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.name === "migrations") found.push(relative(REPO_ROOT, path));
    else found.push(...migrationFolders(path));
  }
  return found;
}

Deno.test("KOPEK_SCHEMA applies every migrations folder of the repository, each once", () => {
  const applied = KOPEK_SCHEMA.flatMap((part) =>
    part.migrations.map((m) => relative(REPO_ROOT, fileURLToPath(m.dir)))
  );
  assert.equal(new Set(applied).size, applied.length, `a folder twice: ${applied.join(", ")}`);
  assert.deepEqual(
    [...applied].sort(),
    migrationFolders().sort(),
    "a package with migrations adds its SchemaPart to cli/schema.ts: `kopek migrate` applies " +
      "only those, and the services' app role cannot create tables",
  );
  const components = KOPEK_SCHEMA.flatMap((part) => part.migrations.map((m) => m.component));
  assert.equal(new Set(components).size, components.length, "one component per folder");
});
