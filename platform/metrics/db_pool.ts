/**
 * PostgreSQL pool families (ADR 0036), read at each scrape from the pool's
 * queues (`sql.pool`, a getter of Kopek's postgres.js patch, vendor/postgres):
 * connections by state, the pool's size, and the statements waiting for a
 * connection.
 *
 * @module
 */
import { Gauge, type Registry } from "prom-client";
import type { Sql } from "../db.ts";
import { familiesOf } from "./registry.ts";

/** What `sql.pool` answers (vendor/postgres/src/index.js). */
export interface PoolState {
  readonly max: number;
  /** Connected, idle. */
  readonly open: number;
  /** Running a statement, able to take more (pipelining; Kopek pipelines none). */
  readonly busy: number;
  /** Running statements, able to take no more. */
  readonly full: number;
  /** Held by a transaction or `sql.reserve()`. */
  readonly reserved: number;
  readonly connecting: number;
  /** Not connected (never yet, or lost): connected again on demand. */
  readonly closed: number;
  /** Statements waiting for a connection. */
  readonly waiting: number;
}

/** The pool's state, or null when the driver does not expose it. */
export function poolState(sql: Sql): PoolState | null {
  const pool = (sql as unknown as { pool?: PoolState }).pool;
  return pool && typeof pool.max === "number" ? pool : null;
}

function create(registry: Registry) {
  const pools = new Map<string, Sql>();
  const each = (set: (name: string, state: PoolState) => void) => {
    for (const [name, sql] of pools) {
      const state = poolState(sql);
      if (state) set(name, state);
    }
  };
  new Gauge({
    name: "kopek_db_pool_connections",
    help:
      "Connections of each PostgreSQL pool by state: idle, in_use (running a statement or held by a transaction), connecting, closed (not connected).",
    labelNames: ["pool", "state"] as const,
    registers: [registry],
    collect() {
      each((pool, s) => {
        this.set({ pool, state: "idle" }, s.open);
        this.set({ pool, state: "in_use" }, s.busy + s.full + s.reserved);
        this.set({ pool, state: "connecting" }, s.connecting);
        this.set({ pool, state: "closed" }, s.closed);
      });
    },
  });
  new Gauge({
    name: "kopek_db_pool_max_connections",
    help: "The size of each PostgreSQL pool.",
    labelNames: ["pool"] as const,
    registers: [registry],
    collect() {
      each((pool, s) => this.set({ pool }, s.max));
    },
  });
  new Gauge({
    name: "kopek_db_pool_waiting",
    help: "Statements waiting for a connection of each PostgreSQL pool.",
    labelNames: ["pool"] as const,
    registers: [registry],
    collect() {
      each((pool, s) => this.set({ pool }, s.waiting));
    },
  });
  return pools;
}

/**
 * Registers the pool `sql` as `name` (`main`, `reporting`: a constant per
 * pool of the process) on `registry`; nothing without a registry.
 */
export function registerPool(registry: Registry | undefined, sql: Sql, name: string): void {
  if (!registry) return;
  familiesOf(registry, "kopek_db_pool", () => create(registry)).set(name, sql);
}
