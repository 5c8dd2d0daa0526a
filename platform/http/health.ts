/**
 * `GET /healthz` (liveness: the process is up and its own loops are not
 * stuck; 503 otherwise, so that an orchestrator restarts it), `GET /readyz`
 * (every critical dependency check passes; 503 with `Retry-After` otherwise)
 * and `GET /metrics` (Prometheus text format). Each service picks the checks
 * that matter to it (docs/operations.md, Health).
 *
 * @module
 */
import type { Hono } from "hono";

/** One readiness check: resolves with details, or rejects / returns ok false. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<{ ok: boolean; detail?: string }>;
  /**
   * False for a dependency the service can work without (a cache): when it
   * fails `/readyz` still answers 200, with status "degraded". Default true.
   */
  readonly critical?: boolean;
}

/** A source of Prometheus metric lines. */
export type MetricsSource = () => Promise<string> | string;

async function runCheck(c: ReadinessCheck, timeoutMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      c.check(),
      new Promise<{ ok: boolean; detail: string }>((resolve) => {
        timer = setTimeout(() => resolve({ ok: false, detail: "timed out" }), timeoutMs);
      }),
    ]);
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}

/** Mounts the operations routes. */
export function healthRoutes(
  deps: {
    checks: readonly ReadinessCheck[];
    /**
     * What `/healthz` checks (default none: 200 while the process answers).
     * Only the process's own state belongs here, never a dependency: a failed
     * liveness check gets the process restarted.
     */
    liveness?: readonly ReadinessCheck[];
    metrics?: readonly MetricsSource[];
    timeoutMs?: number;
  },
) {
  const timeoutMs = deps.timeoutMs ?? 2000;
  const run = (checks: readonly ReadinessCheck[]) =>
    Promise.all(
      checks.map(async (check) => ({
        name: check.name,
        critical: check.critical ?? true,
        ...(await runCheck(check, timeoutMs)),
      })),
    );
  return (app: Hono) => {
    app.get("/healthz", async (c) => {
      if (!deps.liveness?.length) return c.json({ status: "ok" });
      const results = await run(deps.liveness);
      const alive = results.every((r) => r.ok || !r.critical);
      return c.json({ status: alive ? "ok" : "stuck", checks: results }, alive ? 200 : 503);
    });
    app.get("/readyz", async (c) => {
      const results = await run(deps.checks);
      const ready = results.every((r) => r.ok || !r.critical);
      const status = !ready ? "not ready" : results.every((r) => r.ok) ? "ready" : "degraded";
      if (!ready) c.header("Retry-After", "5");
      return c.json({ status, checks: results }, ready ? 200 : 503);
    });
    app.get("/metrics", async (c) => {
      const parts = await Promise.all((deps.metrics ?? []).map((m) => m()));
      return c.text(parts.join(""), 200, {
        "content-type": "text/plain; version=0.0.4; charset=utf-8",
      });
    });
  };
}

/**
 * The readiness check of a service that writes: the database answers and
 * takes writes (not a standby in recovery, not read-only by default), one
 * statement.
 */
export function databaseWritableCheck(
  sql: { (strings: TemplateStringsArray): PromiseLike<readonly { writable: boolean }[]> },
): ReadinessCheck {
  return {
    name: "database",
    check: async () => {
      const [row] = await sql`
        SELECT NOT pg_is_in_recovery()
           AND current_setting('transaction_read_only') = 'off' AS writable`;
      return row?.writable
        ? { ok: true }
        : { ok: false, detail: "read-only (a standby, or default_transaction_read_only is on)" };
    },
  };
}

/** The readiness check of a PostgreSQL pool: one `SELECT 1`. */
export function databaseCheck(
  sql: { (strings: TemplateStringsArray): PromiseLike<unknown> },
): ReadinessCheck {
  return {
    name: "database",
    check: async () => {
      await sql`SELECT 1`;
      return { ok: true };
    },
  };
}
