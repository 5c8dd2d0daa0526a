/**
 * Reading rates back: one pair for a date (what an expense uses), a whole
 * table for a base (`GET /v1/rates`), and the command side's `FxResolver`.
 *
 * @module
 */
import { invalid } from "@kopek/domain";
import type { Sql } from "@kopek/platform";
import { crossRate } from "./cross.ts";
import { isIsoDate } from "./ecb/parse.ts";

/** A rate and where it came from. */
export interface RateQuote {
  /** Units of `to` per one unit of `from`, a canonical decimal string. */
  readonly rate: string;
  /** The publication date used: the latest on or before the date asked for. */
  readonly date: string;
  /** The source that published it (`"ecb"`), or `"identity"` for from = to. */
  readonly source: string;
}

/**
 * The command side's port (structurally identical to command-api's
 * `FxResolver`, declared here so that rates does not depend on command-api).
 */
export interface FxResolver {
  /** The latest rate published on or before `date` to turn one `from` into `to`, or null. */
  rate(from: string, to: string, date: string): Promise<RateQuote | null>;
}

/** Which rates a lookup reads. */
export interface LookupOptions {
  /** The source whose rates are used (default `"ecb"`). */
  source?: string;
  /**
   * How many days before the date asked for a publication may be and still
   * count (default 14). The ECB skips weekends and TARGET holidays, at most
   * four days in a row; a longer gap means the rates stopped (a currency the
   * source dropped, a worker that has not run), and a stale rate must not pass
   * for a current one.
   */
  maxAgeDays?: number;
}

/** Rates for one base currency, as `GET /v1/rates` answers them. */
export interface RatesTable {
  /** The base asked for. */
  readonly base: string;
  /** The publication date used. */
  readonly date: string;
  /** The source that published it. */
  readonly source: string;
  /** Units of each currency per one unit of `base`, in code order; never lists `base`. */
  readonly rates: Readonly<Record<string, string>>;
}

const CODE = /^[A-Z]{3}$/;
const DEFAULT_SOURCE = "ecb";
const DEFAULT_MAX_AGE_DAYS = 14;

function settings(options: LookupOptions): { source: string; maxAgeDays: number } {
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  if (!Number.isInteger(maxAgeDays) || maxAgeDays < 0) {
    throw new RangeError("maxAgeDays must be a non-negative integer");
  }
  return { source: options.source ?? DEFAULT_SOURCE, maxAgeDays };
}

function checkDate(date: string, path: string): void {
  if (typeof date !== "string" || !isIsoDate(date)) {
    throw invalid("rates.invalid_date", path, `date "${String(date)}" is not a YYYY-MM-DD date`);
  }
}

/**
 * The rate to turn one `from` into `to` on `date`: from the latest
 * publication on or before `date` (and at most `maxAgeDays` before it) that
 * quotes both currencies, crossed through its base by {@linkcode crossRate}.
 * `from` = `to` is the identity (`"1"`, the date asked for, source
 * `"identity"`). Null when there is no such publication or a currency is not
 * a 3-letter code the source knows: the caller answers 422, never a rate of 1.
 *
 * @throws {DomainError} `rates.invalid_date` (a validation error) for a malformed date.
 * @example
 * ```ts
 * await rateFor(sql, "USD", "EUR", "2022-07-10"); // { rate: "0.9839614287", date: "2022-07-08", source: "ecb" }
 * ```
 */
export async function rateFor(
  sql: Sql,
  from: string,
  to: string,
  date: string,
  options: LookupOptions = {},
): Promise<RateQuote | null> {
  checkDate(date, "date");
  const { source, maxAgeDays } = settings(options);
  if (typeof from !== "string" || typeof to !== "string") return null;
  if (!CODE.test(from) || !CODE.test(to)) return null;
  if (from === to) return { rate: "1", date, source: "identity" };
  // One publication for both legs, so the quote has one date. The base's own
  // quote is 1 and has no row.
  const [row] = await sql<{ date: string; base: string; from_rate: string; to_rate: string }[]>`
    SELECT date::text AS date, base,
      CASE WHEN base = ${from} THEN '1'
        ELSE max(rate::text) FILTER (WHERE currency = ${from}) END AS from_rate,
      CASE WHEN base = ${to} THEN '1'
        ELSE max(rate::text) FILTER (WHERE currency = ${to}) END AS to_rate
    FROM fx_rates
    WHERE source = ${source} AND currency IN (${from}, ${to})
      AND date <= ${date}::date AND date >= ${date}::date - ${maxAgeDays}::integer
    GROUP BY date, base
    HAVING (base = ${from} OR bool_or(currency = ${from}))
      AND (base = ${to} OR bool_or(currency = ${to}))
    ORDER BY date DESC
    LIMIT 1`;
  if (row === undefined) return null;
  const rate = crossRate(row.from_rate, row.to_rate);
  return rate === null ? null : { rate, date: row.date, source };
}

/**
 * Every rate of one publication against `base`: the latest publication on
 * or before `date` (at most `maxAgeDays` before it) that quotes `base` or is
 * based on it; without `date`, the latest one of all. For another base than
 * the source's, every rate is a cross rate ({@linkcode crossRate}) and the
 * source's base currency is listed too. Null when there is none.
 *
 * @throws {DomainError} `rates.invalid_date` or `rates.invalid_currency` (validation errors).
 * @example
 * ```ts
 * await ratesTable(sql, "USD", "2022-07-08");
 * // { base: "USD", date: "2022-07-08", source: "ecb", rates: { AUD: "1.463249041", … } }
 * ```
 */
export async function ratesTable(
  sql: Sql,
  base: string,
  date?: string,
  options: LookupOptions = {},
): Promise<RatesTable | null> {
  if (typeof base !== "string" || !CODE.test(base)) {
    throw invalid(
      "rates.invalid_currency",
      "base",
      `base "${String(base)}" is not a 3-letter currency code`,
    );
  }
  if (date !== undefined) checkDate(date, "date");
  const { source, maxAgeDays } = settings(options);
  const window = date === undefined
    ? sql``
    : sql`AND date <= ${date}::date AND date >= ${date}::date - ${maxAgeDays}::integer`;
  const rows = await sql<{ date: string; base: string; currency: string; rate: string }[]>`
    WITH publication AS (
      SELECT date, base FROM fx_rates
      WHERE source = ${source} AND (currency = ${base} OR base = ${base}) ${window}
      ORDER BY date DESC
      LIMIT 1
    )
    SELECT r.date::text AS date, r.base, r.currency, r.rate::text AS rate
    FROM fx_rates r JOIN publication p ON r.date = p.date AND r.base = p.base
    WHERE r.source = ${source}`;
  if (rows.length === 0) return null;
  const quotes = new Map(rows.map((r) => [r.currency, r.rate]));
  const sourceBase = rows[0].base;
  quotes.set(sourceBase, "1");
  const baseQuote = quotes.get(base);
  if (baseQuote === undefined) return null;
  const rates: Record<string, string> = {};
  for (const [currency, quote] of [...quotes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (currency === base) continue;
    const rate = crossRate(baseQuote, quote);
    if (rate !== null) rates[currency] = rate;
  }
  return { base, date: rows[0].date, source, rates };
}

/**
 * The command side's {@linkcode FxResolver} on PostgreSQL: {@linkcode rateFor}
 * with fixed options.
 *
 * @example
 * ```ts
 * const fx = createFxResolver(sql);
 * await fx.rate("USD", "EUR", "2026-11-20");
 * ```
 */
export function createFxResolver(sql: Sql, options: LookupOptions = {}): FxResolver {
  settings(options);
  return { rate: (from, to, date) => rateFor(sql, from, to, date, options) };
}
