/**
 * The catch-up path (large pages, bulk writes that INSERT new rows and
 * UPDATE loaded ones, ADR 0064) leaves every read model exactly as the
 * per-event path does: a simulated history is caught up from zero in large
 * batches, every table of every projection is dumped, then every projection
 * is reset and caught up again one event per batch, and the two dumps must be
 * equal row for row; the read models are also checked against the domain's
 * own fold (`assertReadModels`). The projector's loop (`start()`), many pages
 * deep, must leave the same rows and report its pages in order.
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import type { Sql } from "@kopek/platform";
import { createProjector } from "./projector.ts";
import { PROJECTIONS } from "./projections/mod.ts";
import { writeSimulatedHistory } from "./testing/builder.ts";
import {
  assertReadModels,
  drain,
  projectorTestEnv,
  quietLogger,
  waitApplied,
} from "./testing/setup.ts";

/**
 * Every row of every projection's tables, as canonical JSON text, in a stable
 * order. A month cell of the reports at zero is the same as no cell (its
 * queries read `amount <> 0`): one event per batch leaves a cell an amend took
 * back at zero, a batch that folds both never writes it.
 */
async function dumpReadModels(sql: Sql): Promise<Map<string, string[]>> {
  const dump = new Map<string, string[]>();
  for (const p of PROJECTIONS) {
    for (const table of p.tables) {
      const rows = await sql<{ row: string }[]>`
        SELECT to_jsonb(t)::text AS row FROM ${sql(table)} t
        WHERE ${table !== "rm_report_totals"} OR (to_jsonb(t)->>'amount')::numeric <> 0
        ORDER BY 1`;
      dump.set(table, rows.map((r) => r.row));
    }
  }
  return dump;
}

/** The tables of `a` whose rows are not the same in `b`, with `a`'s rows. */
function tablesThatDiffer(
  a: Map<string, string[]>,
  b: Map<string, string[]>,
): [string, string[]][] {
  return [...a].filter(([table, rows]) => JSON.stringify(b.get(table)) !== JSON.stringify(rows));
}

Deno.test("catch-up in large batches leaves every read model as one event per batch does, and as the domain folds it", async () => {
  await using env = await projectorTestEnv();
  const { groups, head, written } = await writeSimulatedHistory(env.store, {
    events: 400,
    groups: 4,
    members: 4,
    perAppend: 25,
    concurrency: 4,
    seed: 20,
  });
  ok(written >= 400);

  const bulk = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    batchSize: 300,
    catchUpBatchSize: 5_000,
  });
  for (const p of PROJECTIONS) await bulk.rebuild(p.name);
  await drain(bulk, env.sql, head, 300_000);
  await assertReadModels(env.sql, groups);
  const batched = await dumpReadModels(env.sql);
  // Every table that the history fills has rows (a dump of empty tables would prove nothing).
  for (const table of ["rm_groups", "rm_entries", "rm_balances", "rm_balance_effects"]) {
    ok((batched.get(table)?.length ?? 0) > 0, `${table} has rows`);
  }

  const perEvent = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    batchSize: 1,
    catchUpBatchSize: 1,
  });
  for (const p of PROJECTIONS) await perEvent.rebuild(p.name);
  await drain(perEvent, env.sql, head, 600_000);
  const single = await dumpReadModels(env.sql);
  const differ = tablesThatDiffer(batched, single);
  for (const [table, rows] of differ) {
    const other = new Set(single.get(table));
    const mine = new Set(rows);
    // deno-lint-ignore no-console
    console.error(table, {
      onlyBatched: rows.filter((r) => !other.has(r)).slice(0, 3),
      onlyPerEvent: (single.get(table) ?? []).filter((r) => !mine.has(r)).slice(0, 3),
    });
  }
  assertEquals(differ.map(([table]) => table), [], "tables that differ");

  // The loop, in small pages so that it runs many pages deep.
  const advanced: number[] = [];
  const loop = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    batchSize: 40,
    catchUpBatchSize: 40,
    onAdvanced: (position) => advanced.push(position),
  });
  for (const p of PROJECTIONS) await loop.rebuild(p.name);
  loop.start();
  try {
    await waitApplied(env.sql, head, 300_000);
  } finally {
    await loop.stop();
  }
  ok(advanced.length >= 10, `${advanced.length} pages settled`);
  assertEquals(advanced, [...advanced].sort((a, b) => a - b), "pages settled in order");
  assertEquals(advanced.at(-1), head);
  const looped = await dumpReadModels(env.sql);
  assertEquals(
    tablesThatDiffer(single, looped).map(([table]) => table),
    [],
    "tables that differ (the loop)",
  );
});
