/**
 * Rewrites the `--allow-read` lists of the deno.json tasks from the
 * migrations registry (platform/schema/registry.ts, ADR 0048): each
 * service's task may read exactly the migrations folders the registry says
 * it applies, then whatever else its list names (the PWA's build, the data
 * folder, `/run/secrets`), in their order. Nobody keeps the folders by hand:
 * a new read model adds its line to the registry, then
 *
 *     deno task generate:tasks
 *
 * and `generate_test.ts` fails while deno.json differs from what this gives.
 *
 * @module
 */
// The registry alone, not all of platform: the script needs no access but to deno.json.
import { serviceFolders, type ServiceName } from "../../platform/schema/registry.ts";

/** The tasks that run a service with narrow permissions, and the service each runs. */
export const TASK_SERVICES: Readonly<Record<string, ServiceName>> = Object.freeze({
  "start": "all-in-one",
  "migrate": "all-in-one",
  "serve:command-api": "command-api",
  "serve:query-api": "query-api",
  "serve:projector": "projector",
  "serve:rates": "rates",
  "serve:imports": "imports",
  "serve:scheduler": "scheduler",
  "serve:notifier": "notifier",
  "serve:bot": "bot",
});

/** The migrations folders a service's task may read (the registry's, by default). */
export type FoldersOf = (service: ServiceName) => readonly string[];

const registryFolders: FoldersOf = (service) => serviceFolders(service).map((f) => f.path);

/** An `--allow-read=` list in a task's command (quoted or not): up to a space or a quote. */
const ALLOW_READ = /--allow-read=([^\s"']+)/g;

/** Whether a read entry is a migrations folder (of the registry or left over from an old one). */
function isMigrations(entry: string): boolean {
  return entry === "migrations" || entry.endsWith("/migrations");
}

/** A task's command with its `--allow-read` list rewritten for `service`. */
export function taskCommandFor(
  command: string,
  service: ServiceName,
  foldersOf: FoldersOf = registryFolders,
): string {
  const lists = [...command.matchAll(ALLOW_READ)];
  if (lists.length !== 1) {
    throw new Error(
      `a service's task has one --allow-read list, found ${lists.length}: ${command}`,
    );
  }
  return command.replace(ALLOW_READ, (_, list: string) => {
    const others = list.split(",").filter((entry) => entry !== "" && !isMigrations(entry));
    return `--allow-read=${[...foldersOf(service), ...others].join(",")}`;
  });
}

type Task = string | { command?: string };

/**
 * deno.json's text with every service's task rewritten from the registry;
 * the rest of the text (its layout included) is left as it is.
 */
export function generateDenoJson(text: string, foldersOf: FoldersOf = registryFolders): string {
  const tasks = (JSON.parse(text) as { tasks: Record<string, Task> }).tasks;
  let out = text;
  for (const [name, service] of Object.entries(TASK_SERVICES)) {
    const task = tasks[name];
    const command = typeof task === "string" ? task : task?.command;
    if (command === undefined) throw new Error(`deno.json has no task ${name}`);
    const before = JSON.stringify(command);
    const at = out.indexOf(before);
    if (at < 0 || out.indexOf(before, at + 1) >= 0) {
      throw new Error(`the command of task ${name} is not once, as JSON.stringify writes it`);
    }
    const after = JSON.stringify(taskCommandFor(command, service, foldersOf));
    out = out.slice(0, at) + after + out.slice(at + before.length);
  }
  return out;
}

/** deno.json at the repository's root. */
export const DENO_JSON: URL = new URL("../../deno.json", import.meta.url);

if (import.meta.main) {
  const text = await Deno.readTextFile(DENO_JSON);
  const generated = generateDenoJson(text);
  if (Deno.args.includes("--check")) {
    if (generated !== text) {
      // deno-lint-ignore no-console
      console.error("deno.json's tasks differ from the registry: run deno task generate:tasks");
      Deno.exit(1);
    }
  } else if (generated !== text) {
    await Deno.writeTextFile(DENO_JSON, generated);
    // deno-lint-ignore no-console
    console.log("deno.json: the tasks' --allow-read lists rewritten from the registry");
  }
}
