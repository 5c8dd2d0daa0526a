/**
 * Every service process, run under its task's flags, exits 1 on a fault
 * nothing caught (an exception thrown from a timer, a rejection nobody
 * handled) after logging it at fatal, so that its orchestrator starts a
 * fresh one (ADR 0024). The fault is injected by a test preload on SIGUSR2
 * once the service has started.
 */
import assert from "node:assert/strict";
import { createTestDatabase, freePort, within } from "@kopek/platform/testing";
import { type SpawnedTask, startTask } from "@kopek/testing";

const VALKEY = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
const SECRET = "a-test-secret-that-is-long-enough-1234";
const TRIGGER = ["--preload=testing/fault_trigger.ts"];

async function assertFatalExit(task: SpawnedTask, fault: "throw" | "reject") {
  task.child.kill("SIGUSR2");
  const status = await within(60_000, `${task.name} exiting`, task.finished());
  assert.equal(status.code, 1, `${task.name}:\n${task.text}`);
  const fatal = task.text.split("\n").filter((l) => l.includes('"level":"fatal"'));
  assert.equal(fatal.length, 1, `${task.name}:\n${task.text}`);
  const line = JSON.parse(fatal[0]);
  assert.equal(
    line.msg,
    fault === "throw" ? "uncaught exception: exiting" : "unhandled rejection: exiting",
  );
  assert.match(line.err.message, /^injected fault/);
}

Deno.test({
  name: "each separate service exits 1 with a fatal log line on an uncaught exception or rejection",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_fatal", { max: 2 });
    const common = {
      KOPEK_DATABASE_URL: db.url,
      KOPEK_VALKEY_URL: VALKEY,
      KOPEK_JWT_SECRET: SECRET,
      KOPEK_LOG_LEVEL: "info",
      KOPEK_RATE_LIMITS: "off",
    };
    const started: SpawnedTask[] = [];
    const spawn = (name: string, fault: "throw" | "reject", env: Record<string, string> = {}) => {
      const task = startTask(name, { ...common, ...env, KOPEK_TEST_FAULT: fault }, [], {
        extraFlags: TRIGGER,
      });
      started.push(task);
      return task;
    };
    try {
      // The command API first: it migrates what the others check.
      const commandPort = freePort();
      const commandApi = spawn("serve:command-api", "throw", { KOPEK_PORT: String(commandPort) });
      await commandApi.ready(`http://127.0.0.1:${commandPort}`);
      const queryPort = freePort();
      const cases: [SpawnedTask, "throw" | "reject", () => Promise<void>][] = [];
      const queryApi = spawn("serve:query-api", "reject", { KOPEK_PORT: String(queryPort) });
      cases.push([queryApi, "reject", () => queryApi.ready(`http://127.0.0.1:${queryPort}`)]);
      const projector = spawn("serve:projector", "throw");
      cases.push([projector, "throw", () => projector.waitFor(/"projector started"/)]);
      const rates = spawn("serve:rates", "reject", {
        KOPEK_RATES_INTERVAL_MINUTES: "600",
        KOPEK_PORT: String(freePort()),
      });
      cases.push([rates, "reject", () => rates.waitFor(/"rates worker started"/)]);
      const imports = spawn("serve:imports", "throw", { KOPEK_PORT: String(freePort()) });
      cases.push([imports, "throw", () => imports.waitFor(/"import worker started"/)]);
      await assertFatalExit(commandApi, "throw");
      await Promise.all(cases.map(async ([task, fault, ready]) => {
        await ready();
        await assertFatalExit(task, fault);
      }));
    } finally {
      for (const task of started) task.kill();
      await Promise.all(started.map((t) => t.finished()));
    }
  },
});

Deno.test({
  name:
    "kopek start (on an external database) exits 1 with a fatal log line on an uncaught exception",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase("kopek_fatal_aio", { max: 2 });
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-fatal-" });
    const port = freePort();
    const kopek = startTask(
      "start",
      {
        KOPEK_DATABASE_URL: db.url,
        KOPEK_DATA_DIR: dataDir,
        KOPEK_PORT: String(port),
        KOPEK_RATES_FETCH: "off",
        KOPEK_LOG_LEVEL: "info",
        KOPEK_TEST_FAULT: "throw",
      },
      [],
      { extraFlags: TRIGGER },
    );
    try {
      await kopek.ready(`http://127.0.0.1:${port}`, 120_000);
      await assertFatalExit(kopek, "throw");
    } finally {
      kopek.kill();
      await kopek.finished();
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
