/**
 * Loading a saved ECB file, for installs without internet access
 * (`kopek rates import FILE`).
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import { parseEcbXml } from "./ecb/parse.ts";
import { savePublications, type SaveResult } from "./store.ts";

/** Options of {@linkcode importRatesFile}. */
export interface ImportOptions {
  /** The source name the rates are stored under (default `"ecb"`, like the worker's). */
  source?: string;
}

/** What {@linkcode importRatesFile} stored. */
export interface ImportResult extends SaveResult {
  /** The oldest publication's date in the file. */
  readonly earliest: string;
}

/**
 * Parses an ECB reference rates XML file (daily, 90-day or full history, as
 * downloaded from the ECB) and upserts its publications, in one transaction.
 * Importing a file twice changes nothing. The `fx_rates` table must exist
 * (`ratesMigrate`).
 *
 * @throws {RateSourceError} of kind `"malformed"` when the file is not such a
 *   document (nothing is stored then), or the file system's error.
 * @example
 * ```ts
 * const r = await importRatesFile(sql, "eurofxref-hist.xml");
 * // { publications: 6500, inserted: 190000, updated: 0, latest: "2026-11-20", earliest: "1999-01-04" }
 * ```
 */
export async function importRatesFile(
  sql: Sql,
  path: string | URL,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const publications = parseEcbXml(await Deno.readTextFile(path));
  const saved = await savePublications(sql, options.source ?? "ecb", publications);
  return { ...saved, earliest: publications[publications.length - 1].date };
}
