/**
 * The images build (ADR 0030), checked without a Docker engine: each image's
 * build context is rebuilt in a temporary folder from its Dockerfile's COPY
 * lines (with .dockerignore), and what the services' image runs is
 * type-checked there with the lockfile frozen: a package or file the
 * Dockerfile misses fails here, not on a self-hoster's machine. Every image is
 * pinned, runs as a non-root user and has a health check.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  contextCopies,
  dockerignore,
  parseDockerfile,
  rebuildContext,
  type Stage,
} from "./dockerfile.ts";

const root = new URL("../../", import.meta.url).pathname;
const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json"))) as {
  workspace: string[];
  links?: string[];
  tasks: Record<string, string | { command: string }>;
};
const ignored = dockerignore(await Deno.readTextFile(join(root, ".dockerignore")));
const images = ["deno.Dockerfile", "web.Dockerfile"];
const read = async (name: string) =>
  parseDockerfile(await Deno.readTextFile(join(root, "ops/docker", name)));

const command = (task: string) => {
  const t = config.tasks[task];
  return typeof t === "string" ? t : t.command;
};
const serveTasks = Object.keys(config.tasks).filter((t) => t.startsWith("serve:"));
/** What the image runs: every serve:* task's entry point, and the CLI. */
const entryPoints = [...serveTasks.map((t) => command(t).split(/\s+/).at(-1)!), "cli/main.ts"];

function run(stage: Stage, op: string) {
  return stage.instructions.filter((i) => i.op === op).map((i) => i.args);
}

for (const image of images) {
  Deno.test(`${image}: every base image is pinned to a version`, async () => {
    const stages = await read(image);
    const names = new Set(stages.map((s) => s.name).filter(Boolean));
    for (const { from } of stages) {
      if (names.has(from)) continue;
      const tag = /^[^@]+:([^@]+)/.exec(from)?.[1];
      assert.ok(tag, `${from}: no tag`);
      assert.doesNotMatch(tag, /latest/, `${from}: a moving tag`);
      assert.match(tag, /\d+\.\d+\.\d+/, `${from}: not an exact version`);
    }
  });

  Deno.test(`${image}: the image runs as a non-root user and has a health check`, async () => {
    const final = (await read(image)).at(-1)!;
    const user = run(final, "USER").at(-1);
    assert.ok(user, "a USER instruction");
    assert.doesNotMatch(user, /^(root|0)(:|$)/);
    const health = run(final, "HEALTHCHECK").at(-1);
    assert.ok(health, "a HEALTHCHECK");
    assert.doesNotMatch(health, /^NONE/i);
  });

  Deno.test(`${image}: every COPY from the context finds files (after .dockerignore)`, async () => {
    const into = await Deno.makeTempDir({ prefix: "kopek-image-" });
    try {
      for (const stage of await read(image)) {
        assert.deepEqual(
          await rebuildContext(stage, root, ignored, into),
          [],
          "sources matching nothing",
        );
      }
    } finally {
      await Deno.remove(into, { recursive: true });
    }
  });
}

Deno.test(".dockerignore keeps secrets, data, tests and local builds out of every context", () => {
  for (
    const path of [
      ".env",
      ".env.production",
      "secrets/jwt_secret",
      "data/pg/PG_VERSION",
      "node_modules/.deno/x",
      "web/node_modules/vite/package.json",
      "web/build/index.html",
      "eventstore/postgres/store.int_test.ts",
      "platform/testing/tcp_proxy.ts",
      ".git/HEAD",
    ]
  ) assert.ok(ignored(path), path);
  for (const path of ["deno.json", "vendor/postgres/package.json", "rates/migrations/x.sql"]) {
    assert.ok(!ignored(path), path);
  }
});

Deno.test("deno.Dockerfile copies every package of the workspace and every linked one", async () => {
  const [stage] = await read("deno.Dockerfile");
  const copied = new Set(
    // A member copied whole, or (the test kit) only its manifest.
    contextCopies(stage).flatMap((c) => c.sources).map((s) => s.replace(/\/$/, "").split("/")[0]),
  );
  const members = [...config.workspace, ...(config.links ?? [])]
    .map((w) => w.replace(/^\.\//, "").split("/")[0]);
  assert.deepEqual(members.filter((m) => !copied.has(m)), []);
});

Deno.test("deno.Dockerfile installs every entry point it runs, the lockfile frozen", async () => {
  const [stage] = await read("deno.Dockerfile");
  const install = run(stage, "RUN").find((r) => r.includes("deno install"));
  assert.ok(install, "a RUN deno install");
  assert.match(install, /--frozen\b/);
  const words = new Set(install.split(/\s+/));
  assert.deepEqual(entryPoints.filter((e) => !words.has(e)), []);
  // The image's default command is one of the tasks.
  const cmd = JSON.parse(run(stage, "CMD").at(-1)!) as string[];
  assert.equal(cmd.slice(0, 2).join(" "), "deno task");
  assert.ok(config.tasks[cmd[2]], `task ${cmd[2]}`);
});

Deno.test({
  name: "deno.Dockerfile: in the rebuilt context every entry point type-checks and every folder " +
    "the tasks read is there",
  // deno install resolves the npm packages into the context's node_modules.
  sanitizeResources: false,
  fn: async () => {
    const into = await Deno.makeTempDir({ prefix: "kopek-image-" });
    try {
      const [stage] = await read("deno.Dockerfile");
      assert.deepEqual(await rebuildContext(stage, root, ignored, into), []);
      const workdir = join(into, run(stage, "WORKDIR").at(-1)!);
      // The folders the services and `migrate` may read at run time (--allow-read).
      const reads = [...serveTasks, "migrate"].flatMap((t) =>
        [...command(t).matchAll(/--allow-read=([^\s"']+)/g)].flatMap((m) => m[1].split(","))
      ).filter((p) => !p.startsWith("$") && !p.startsWith("/")); // absolute: mounted (/run/secrets)
      assert.deepEqual(reads.filter((p) => !existsSync(join(workdir, p))), [], "folders missing");
      const td = new TextDecoder();
      // As the image's RUN does: only `deno install` writes node_modules (nodeModulesDir "manual").
      for (
        const args of [
          ["install", "--frozen", "--entrypoint", ...entryPoints, "ops/docker/healthcheck.ts"],
          ["check", "--frozen", "--quiet", ...entryPoints, "ops/docker/healthcheck.ts"],
        ]
      ) {
        const out = await new Deno.Command(Deno.execPath(), {
          args,
          cwd: workdir,
          env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
          stdout: "piped",
          stderr: "piped",
        }).output();
        assert.ok(out.success, `deno ${args[0]}: ${td.decode(out.stdout)}${td.decode(out.stderr)}`);
      }
    } finally {
      await Deno.remove(into, { recursive: true });
    }
  },
});
