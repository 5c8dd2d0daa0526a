/**
 * The `fx_rates` table: migrations and idempotent writes of publications.
 *
 * @module
 */
import { migrate, migrationsOf, type SchemaPart, type Sql } from "@kopek/platform";
import type { Publication } from "./source.ts";

/** Where the rates tables' migrations live (component `"rates"`, platform/schema/registry.ts). */
export const ratesMigrations = migrationsOf("rates");

/** Applies the rates component's pending migrations. Idempotent. */
export async function ratesMigrate(sql: Sql): Promise<void> {
  await migrate(sql, ratesMigrations);
}

/** The rates worker's part of the database: `fx_rates`. */
export const ratesSchema: SchemaPart = Object.freeze({
  migrations: Object.freeze([ratesMigrations]),
  apply: ratesMigrate,
});

/** What {@linkcode savePublications} changed. */
export interface SaveResult {
  /** Publications received. */
  readonly publications: number;
  /** Rows that did not exist. */
  readonly inserted: number;
  /** Rows whose rate differed and was corrected. */
  readonly updated: number;
  /** The newest publication's date, or null when there was none. */
  readonly latest: string | null;
}

/** Rows per INSERT statement: the 90-day file is ~2,000, the full history ~200,000. */
const CHUNK = 5_000;

/**
 * Upserts publications of `source` in one transaction: a row already stored
 * with an equal rate is left alone (so saving the same file twice changes
 * nothing), a different rate replaces it. Nothing is ever deleted, so the
 * last good rates stay whatever a later fetch brings.
 *
 * @example
 * ```ts
 * await savePublications(sql, "ecb", await source.fetch({ scope: "history" }));
 * ```
 */
export async function savePublications(
  sql: Sql,
  source: string,
  publications: readonly Publication[],
): Promise<SaveResult> {
  const rows: [string, string, string, string][] = [];
  let latest: string | null = null;
  for (const p of publications) {
    if (latest === null || p.date > latest) latest = p.date;
    for (const [currency, rate] of Object.entries(p.rates)) {
      rows.push([p.date, p.base, currency, rate]);
    }
  }
  let inserted = 0;
  let updated = 0;
  if (rows.length > 0) {
    await sql.begin(async (tx) => {
      for (let at = 0; at < rows.length; at += CHUNK) {
        const chunk = rows.slice(at, at + CHUNK);
        const result = await tx<{ inserted: boolean }[]>`
          INSERT INTO fx_rates AS r (source, date, base, currency, rate)
          SELECT ${source}, d, b, c, x
          FROM unnest(
            ${sql.array(chunk.map((r) => r[0]), 25)}::date[],
            ${sql.array(chunk.map((r) => r[1]), 25)}::text[],
            ${sql.array(chunk.map((r) => r[2]), 25)}::text[],
            ${sql.array(chunk.map((r) => r[3]), 25)}::numeric[]
          ) AS t(d, b, c, x)
          ON CONFLICT (source, date, currency) DO UPDATE
            SET base = EXCLUDED.base, rate = EXCLUDED.rate, fetched_at = now()
            WHERE r.base <> EXCLUDED.base OR r.rate <> EXCLUDED.rate
          RETURNING (xmax = 0) AS inserted`;
        for (const row of result) {
          if (row.inserted) inserted += 1;
          else updated += 1;
        }
      }
    });
  }
  return { publications: publications.length, inserted, updated, latest };
}

/** The newest publication date stored for `source`, or null. */
export async function latestPublicationDate(sql: Sql, source: string): Promise<string | null> {
  const [row] = await sql<{ date: string | null }[]>`
    SELECT max(date)::text AS date FROM fx_rates WHERE source = ${source}`;
  return row?.date ?? null;
}
