/**
 * The tasks of deno.json that run with every permission (`-A`) are exactly
 * the developer tasks the README names, and the README names each: its claim
 * about permissions stays true when a task is added.
 *
 * @module
 */
import assert from "node:assert/strict";
import { DENO_JSON } from "./generate.ts";

/** The developer tasks that run with `-A` (README.md, "Running it"). */
const ALL_PERMISSIONS = [
  "test",
  "test:topology",
  "test:faults",
  "bench",
  "load:wrk",
  "load:scaling",
  "screenshots",
  "screenshots:prometheus",
];

type Task = string | { command?: string };

/** Whether a task's command grants every permission. */
export function grantsAll(command: string): boolean {
  return /(^|\s)(-A|--allow-all)(\s|$)/.test(command);
}

Deno.test("grantsAll() sees -A and --allow-all as words only", () => {
  assert.ok(grantsAll("deno bench -A"));
  assert.ok(grantsAll("deno run --allow-all x.ts"));
  assert.ok(!grantsAll("deno run --allow-read=-A x.ts"));
  assert.ok(!grantsAll("deno run --allow-net x.ts"));
});

Deno.test("the tasks with -A are the README's developer tasks, and the README names each", () => {
  const tasks = (JSON.parse(Deno.readTextFileSync(DENO_JSON)) as { tasks: Record<string, Task> })
    .tasks;
  const all = Object.entries(tasks)
    .filter(([, task]) => grantsAll(typeof task === "string" ? task : task.command ?? ""))
    .map(([name]) => name);
  assert.deepEqual(
    all.sort(),
    [...ALL_PERMISSIONS].sort(),
    "README.md says which tasks run with -A",
  );
  const readme = Deno.readTextFileSync(new URL("../../README.md", import.meta.url));
  for (const name of ALL_PERMISSIONS) {
    assert.ok(readme.includes(`\`${name}\``), `README.md names ${name}`);
  }
  assert.match(readme, /Eight developer\s+tasks run with `-A`, and no other/);
});
