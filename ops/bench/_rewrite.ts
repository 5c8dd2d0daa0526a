/**
 * The write side's ceiling for a catch-up: the read models' final rows written once into empty
 * copies of their tables (same columns, generated columns, indexes and fill factor), one
 * connection per table at a time as the projector's transactions run side by side. No projector
 * can do less on the server: it must write at least these rows, and also reads the events,
 * loads the rows it amends and writes them more than once.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";

/** The read model tables (`rm_*`) and their rows, largest first. */
async function readModels(sql: Sql): Promise<{ table: string; rows: number }[]> {
  const tables = await sql<{ table: string }[]>`
    SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname LIKE 'rm\\_%'`;
  const counted = [];
  for (const { table } of tables) {
    const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${sql(table)}`;
    counted.push({ table, rows: n });
  }
  return counted.sort((a, b) => b.rows - a.rows);
}

/** An empty twin of `table`: its columns, generated columns, indexes and fill factor. */
async function twin(sql: Sql, table: string): Promise<string> {
  const name = `ceiling_${table}`;
  await sql`DROP TABLE IF EXISTS ${sql(name)}`;
  await sql`CREATE TABLE ${sql(name)} (LIKE ${sql(table)} INCLUDING ALL)`;
  const [{ options }] = await sql<{ options: string[] | null }[]>`
    SELECT reloptions AS options FROM pg_class WHERE oid = ${table}::regclass`;
  // reloptions are the server's own `name=value` strings (fillfactor=70).
  if (options) await sql.unsafe(`ALTER TABLE ${name} SET (${options.join(", ")})`);
  return name;
}

/** Copies `table`'s rows into `into` with one `INSERT … SELECT`; answers how many. */
async function copyRows(sql: Sql, table: string, into: string): Promise<number> {
  const columns = await sql<{ name: string }[]>`
    SELECT column_name AS name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER'
     ORDER BY ordinal_position`;
  const list = sql(columns.map((c) => c.name));
  const { count } = await sql`INSERT INTO ${sql(into)} (${list}) SELECT ${list} FROM ${sql(table)}`;
  return count;
}

/**
 * Writes every read model's rows once, `parallel` tables at a time (the projector runs one
 * transaction per projection side by side); answers the rows and the wall time of the writes
 * (the twins are created before and dropped after it).
 */
export async function rewriteReadModels(
  sql: Sql,
  parallel = 10,
): Promise<{ rows: number; tables: number; ms: number }> {
  const tables = await readModels(sql);
  const twins = new Map<string, string>();
  for (const { table } of tables) twins.set(table, await twin(sql, table));
  const queue = [...tables];
  let rows = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(parallel, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const copied = await copyRows(sql, next.table, twins.get(next.table)!);
        rows += copied; // after the await: `rows += await …` would add to a stale sum
      }
    }),
  );
  const ms = performance.now() - started;
  for (const name of twins.values()) await sql`DROP TABLE ${sql(name)}`;
  return { rows, tables: tables.length, ms };
}
