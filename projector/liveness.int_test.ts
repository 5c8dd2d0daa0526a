/**
 * The projector's liveness against the real PostgreSQL: a round that hangs
 * (here behind a lock another session holds on the checkpoints) fails
 * `/healthz` once it passed the stuck bound, so that an orchestrator
 * restarts the process; the round ending makes it pass again.
 */
import assert from "node:assert/strict";
import { Hono } from "hono";
import { healthRoutes } from "@kopek/platform";
import { createProjector } from "./projector.ts";
import { projectorLoopCheck } from "./readiness.ts";
import { projectorTestEnv, quietLogger } from "./testing/setup.ts";

Deno.test("a projector whose round hangs fails /healthz past the stuck bound, and passes once it ends", async () => {
  await using env = await projectorTestEnv();
  const projector = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    idleMs: 10,
  });
  const app = new Hono();
  healthRoutes({ checks: [], liveness: [projectorLoopCheck(projector, 1)] })(app);
  const healthz = async () => (await app.request("/healthz")).status;
  /** Polls /healthz until it answers `status`, for at most 30 s (a loaded machine). */
  const until = async (status: number, what: string) => {
    const deadline = Date.now() + 30_000;
    while (await healthz() !== status) {
      if (Date.now() > deadline) assert.fail(`${what}: not within 30 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  assert.equal(await healthz(), 503, "not running yet");
  projector.start();
  try {
    assert.equal(await healthz(), 200);
    // Another session holds the checkpoints: the next round waits on it.
    const held = Promise.withResolvers<void>();
    const locking = env.sql.begin(async (tx) => {
      await tx`LOCK TABLE projector_checkpoints IN ACCESS EXCLUSIVE MODE`;
      await held.promise;
    });
    try {
      await until(503, "healthz 503 while the round hangs");
    } finally {
      held.resolve();
      await locking;
    }
    await until(200, "healthz 200 once the round ended");
  } finally {
    await projector.stop();
  }
});
