import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { MIGRATION_FOLDERS, MIGRATION_OWNERS, migrationsOf, serviceFolders } from "./registry.ts";

Deno.test("migrationsOf() gives the folder's file: URL under the repository", () => {
  const rates = migrationsOf("rates");
  assert.equal(rates.component, "rates");
  assert.ok(rates.dir.href.endsWith("/rates/migrations/"), rates.dir.href);
  for (const folder of MIGRATION_FOLDERS) {
    const dir = fileURLToPath(migrationsOf(folder.component).dir);
    assert.ok(Deno.statSync(dir).isDirectory, `${folder.path} exists`);
  }
});

Deno.test("migrationsOf() refuses a component the registry lacks, naming the registry", () => {
  assert.throws(() => migrationsOf("projector.nothing"), /platform\/schema\/registry\.ts/);
});

Deno.test("serviceFolders() keeps the registry's order and its owners' folders only", () => {
  assert.deepEqual(serviceFolders("all-in-one"), [...MIGRATION_FOLDERS]);
  assert.deepEqual(serviceFolders("rates").map((f) => f.component), ["rates"]);
  assert.deepEqual(serviceFolders("bot"), []);
  const owners = serviceFolders("projector").map((f) => f.owner);
  assert.deepEqual([...new Set(owners)], ["eventstore", "projector"]);
  assert.deepEqual(
    [...new Set(MIGRATION_FOLDERS.map((f) => f.owner))],
    [...MIGRATION_OWNERS],
    "the folders are grouped by owner, in the owners' order",
  );
});
