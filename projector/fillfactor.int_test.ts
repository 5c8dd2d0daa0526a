/**
 * The tables every batch updates keep room on their pages for HOT updates
 * (ADR 0074): the migrations set their fill factor, and a blue/green rebuild,
 * which creates its tables by the same migrations in a build schema and swaps
 * them in, keeps it.
 */
import assert from "node:assert/strict";
import type { Sql } from "@kopek/platform";
import { rebuildProjections } from "./rebuild.ts";
import { PROJECTION_NAMES } from "./projections/mod.ts";
import { projectorTestEnv, quietLogger } from "./testing/setup.ts";

const ROOMY = [
  "rm_balance_effects",
  "rm_balance_pairs",
  "rm_balances",
  "rm_entries",
  "rm_report_effects",
  "rm_report_totals",
];

async function fillFactors(sql: Sql): Promise<Record<string, string | null>> {
  const rows = await sql<{ name: string; options: string[] | null }[]>`
    SELECT c.relname AS name, c.reloptions AS options FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
      AND c.relname LIKE 'rm\\_%'`;
  return Object.fromEntries(
    rows.map((r) => [r.name, r.options?.find((o) => o.startsWith("fillfactor=")) ?? null]),
  );
}

Deno.test("the tables each batch updates are created with room for HOT updates, and a rebuild keeps it", async () => {
  await using env = await projectorTestEnv();
  const check = async () => {
    const found = await fillFactors(env.sql);
    for (const t of ROOMY) assert.equal(found[t], "fillfactor=70", t);
    // Tables a batch mostly inserts into keep the default.
    assert.equal(found["rm_groups"], null);
  };
  await check();
  await rebuildProjections(
    { sql: env.sql, store: env.store, logger: quietLogger() },
    PROJECTION_NAMES,
  );
  await check();
});
