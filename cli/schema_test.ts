import { SCHEDULER_PROCESS_SCHEMA } from "../scheduler/compose.ts";
import { NOTIFIER_PROCESS_SCHEMA } from "../notifier/compose.ts";
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  MIGRATION_FOLDERS,
  type SchemaPart,
  serviceFolders,
  type ServiceName,
} from "@kopek/platform";
import { COMMAND_API_SCHEMA } from "../command-api/readiness.ts";
import { QUERY_API_SCHEMA } from "../query-api/readiness.ts";
import { PROJECTOR_PROCESS_SCHEMA } from "../projector/compose.ts";
import { RATES_PROCESS_SCHEMA } from "../rates/compose.ts";
import { IMPORTS_PROCESS_SCHEMA } from "../imports/compose.ts";
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

Deno.test("KOPEK_SCHEMA applies the registry's folders, in the registry's order", () => {
  const applied = KOPEK_SCHEMA.flatMap((part) =>
    part.migrations.map((m) => ({
      component: m.component,
      path: relative(REPO_ROOT, fileURLToPath(m.dir)),
    }))
  );
  assert.deepEqual(
    applied,
    MIGRATION_FOLDERS.map(({ component, path }) => ({ component, path })),
    "platform/schema/registry.ts lists every migrations folder, in the order they run",
  );
});

/** Each service's parts of the database, as its process prepares them at start. */
const SERVICE_SCHEMAS: Record<Exclude<ServiceName, "bot">, readonly SchemaPart[]> = {
  "command-api": COMMAND_API_SCHEMA,
  "query-api": QUERY_API_SCHEMA,
  "projector": PROJECTOR_PROCESS_SCHEMA,
  "rates": RATES_PROCESS_SCHEMA,
  "imports": IMPORTS_PROCESS_SCHEMA,
  "scheduler": SCHEDULER_PROCESS_SCHEMA,
  "notifier": NOTIFIER_PROCESS_SCHEMA,
  "all-in-one": KOPEK_SCHEMA,
};

Deno.test("each service prepares exactly the registry's folders for it (and its task reads them)", () => {
  for (const [service, parts] of Object.entries(SERVICE_SCHEMAS)) {
    assert.deepEqual(
      parts.flatMap((part) => part.migrations.map((m) => m.component)),
      serviceFolders(service as ServiceName).map((f) => f.component),
      `${service}: its parts and SERVICE_MIGRATIONS in platform/schema/registry.ts differ`,
    );
  }
});
