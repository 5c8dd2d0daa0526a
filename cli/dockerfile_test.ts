/**
 * The services' image (`ops/docker/deno.Dockerfile`) copies every package of
 * the workspace and caches every service's entry point: a package it misses
 * makes every service of compose fail to load.
 */
import assert from "node:assert/strict";

const root = new URL("../", import.meta.url);
const dockerfile = await Deno.readTextFile(new URL("ops/docker/deno.Dockerfile", root));
const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", root))) as {
  workspace: string[];
  links?: string[];
  tasks: Record<string, string | { command: string }>;
};

Deno.test("deno.Dockerfile copies every package of the workspace and every linked one", () => {
  const copied = new Set(
    [...dockerfile.matchAll(/^COPY ([\w-]+)\/ \1\/$/gm)].map((m) => m[1]),
  );
  // A linked package (vendor/postgres, ADR 0023) is copied with its top folder.
  const members = [...config.workspace, ...(config.links ?? [])]
    .map((w) => w.replace(/^\.\//, "").split("/")[0]);
  assert.deepEqual(members.filter((m) => !copied.has(m)), []);
});

Deno.test("deno.Dockerfile caches the entry point of every serve:* task and the CLI", () => {
  const cache = /deno cache ((?:[^\n\\]|\\\n)*)/.exec(dockerfile)?.[1].replace(/\\\n/g, " ");
  assert.ok(cache, "a deno cache line");
  const cached = new Set(cache.split(/\s+/).filter((w) => w.endsWith(".ts")));
  const entries = Object.entries(config.tasks)
    .filter(([name]) => name.startsWith("serve:"))
    .map(([, t]) => (typeof t === "string" ? t : t.command).split(/\s+/).at(-1)!);
  assert.deepEqual([...entries, "cli/main.ts"].filter((e) => !cached.has(e)), []);
});
