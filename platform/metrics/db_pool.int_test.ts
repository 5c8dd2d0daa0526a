import assert from "node:assert/strict";
import { connect } from "../db.ts";
import { createTestDatabase } from "../testing/mod.ts";
import { createMetricsRegistry } from "./registry.ts";
import { poolState, registerPool } from "./db_pool.ts";

Deno.test("registerPool() reports the pool's connections by state and the statements waiting", async () => {
  await using db = await createTestDatabase("kopek_pool_metrics", { max: 2 });
  const sql = connect(db.url, { max: 2, applicationName: "kopek-pool-test" });
  try {
    const registry = createMetricsRegistry({ process: false });
    registerPool(registry, sql, "main");
    // Nothing connected yet.
    let text = await registry.metrics();
    assert.match(text, /^kopek_db_pool_max_connections\{pool="main"\} 2$/m);
    assert.match(text, /^kopek_db_pool_connections\{pool="main",state="closed"\} 2$/m);
    // Two transactions hold both connections; a third statement waits.
    let release!: () => void;
    const held = new Promise<void>((r) => release = r);
    const started: Promise<void>[] = [];
    const txs = [1, 2].map(() =>
      sql.begin(async (tx) => {
        await tx`SELECT 1`;
        started.push(Promise.resolve());
        await held;
      })
    );
    while (started.length < 2) await new Promise((r) => setTimeout(r, 10));
    // A postgres.js statement starts when awaited: Promise.resolve sends it now.
    const third = Promise.resolve(sql`SELECT 1`);
    const deadline = Date.now() + 10_000;
    while (poolState(sql)!.waiting < 1 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
    text = await registry.metrics();
    assert.match(text, /^kopek_db_pool_connections\{pool="main",state="in_use"\} 2$/m);
    assert.match(text, /^kopek_db_pool_waiting\{pool="main"\} 1$/m);
    release();
    await Promise.all([...txs, third]);
    text = await registry.metrics();
    assert.match(text, /^kopek_db_pool_waiting\{pool="main"\} 0$/m);
    assert.match(text, /^kopek_db_pool_connections\{pool="main",state="idle"\} 2$/m);
    registerPool(undefined, sql, "nothing");
  } finally {
    await sql.end({ timeout: 1 });
  }
});
