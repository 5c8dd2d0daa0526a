/**
 * `GET /healthz` (the process is up), `GET /readyz` (every dependency check
 * passes; 503 with `Retry-After` otherwise) and `GET /metrics` (Prometheus
 * text format).
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
    metrics?: readonly MetricsSource[];
    timeoutMs?: number;
  },
) {
  return (app: Hono) => {
    app.get("/healthz", (c) => c.json({ status: "ok" }));
    app.get("/readyz", async (c) => {
      const results = await Promise.all(
        deps.checks.map(async (check) => ({
          name: check.name,
          critical: check.critical ?? true,
          ...(await runCheck(check, deps.timeoutMs ?? 2000)),
        })),
      );
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
