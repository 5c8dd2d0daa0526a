import assert from "node:assert/strict";
import { MIGRATION_FOLDERS, serviceFolders } from "../../platform/schema/registry.ts";
import { DENO_JSON, generateDenoJson, TASK_SERVICES, taskCommandFor } from "./generate.ts";

Deno.test("deno.json's tasks read exactly the migrations folders of the registry", async () => {
  const text = await Deno.readTextFile(DENO_JSON);
  assert.equal(
    generateDenoJson(text),
    text,
    "deno.json differs from platform/schema/registry.ts: run `deno task generate:tasks`",
  );
});

Deno.test("every task of a service lists its registry folders first, the rest after", async () => {
  const tasks = JSON.parse(await Deno.readTextFile(DENO_JSON)).tasks;
  for (const [name, service] of Object.entries(TASK_SERVICES)) {
    const command: string = tasks[name].command ?? tasks[name];
    const list = /--allow-read=([^\s"']+)/.exec(command)![1].split(",");
    const folders = serviceFolders(service).map((f) => f.path);
    assert.deepEqual(list.slice(0, folders.length), folders, name);
    assert.ok(list.slice(folders.length).every((e) => !e.endsWith("/migrations")), name);
  }
});

Deno.test("a folder added to the registry lands in the tasks of the services that apply it", () => {
  const command = "deno run --allow-net --allow-read=a/migrations,web/build,/run/secrets main.ts";
  const foldersOf =
    () => ["eventstore/postgres/migrations", "projector/projections/new/migrations"];
  assert.equal(
    taskCommandFor(command, "projector", foldersOf),
    "deno run --allow-net --allow-read=eventstore/postgres/migrations," +
      "projector/projections/new/migrations,web/build,/run/secrets main.ts",
  );
  // deno.json as it is, against a registry with one more projection: the text changes.
  const text = Deno.readTextFileSync(DENO_JSON);
  const more = (service: Parameters<typeof serviceFolders>[0]) => [
    ...serviceFolders(service).map((f) => f.path),
    ...(service === "projector" ? ["projector/projections/comments/migrations"] : []),
  ];
  const generated = generateDenoJson(text, more);
  assert.notEqual(generated, text);
  assert.match(
    JSON.parse(generated).tasks["serve:projector"].command,
    /projector\/projections\/comments\/migrations/,
  );
  assert.doesNotMatch(JSON.parse(generated).tasks["serve:rates"].command, /comments/);
});

Deno.test("the registry names each folder once, under a unique component", () => {
  const paths = MIGRATION_FOLDERS.map((f) => f.path);
  assert.equal(new Set(paths).size, paths.length);
  const components = MIGRATION_FOLDERS.map((f) => f.component);
  assert.equal(new Set(components).size, components.length);
});
