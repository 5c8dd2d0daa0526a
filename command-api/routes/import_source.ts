/**
 * The query of `POST /v1/imports` for a spreadsheet export (ADR 0054):
 * `format`, `me`, `name`, `currency` and `rate.<CUR>` read into the job's
 * {@linkcode ImportSource}, each bounded; anything else is a 422.
 *
 * @module
 */
import { isCurrency, MoneyError, parseRate, Text, TEXT_LIMITS } from "@kopek/domain";
import type { ImportSource } from "@kopek/imports";
import { problem, ProblemError } from "@kopek/platform";

/** The spreadsheet formats the import reads (`format=`). */
export const SHEET_FORMATS = ["splitwise", "spliit", "tricount"] as const;

/** The most `rate.<CUR>` parameters one request may give. */
export const MAX_IMPORT_RATES = 50;

/** The longest `me` (a column's name). */
const MAX_ME = 200;

function refuse(param: string, message: string): never {
  throw new ProblemError(
    problem(422, `${param}: ${message}`, {
      code: "validation",
      errors: [{ path: param, message }],
    }),
  );
}

/** The source of a CSV upload, from the request's query; refuses a bad parameter with 422. */
export function importSourceOf(url: URL): ImportSource {
  let format: ImportSource["format"] = null;
  let me: string | null = null;
  let name: string | null = null;
  let currency: string | null = null;
  const rates: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key === "format") {
      if (!(SHEET_FORMATS as readonly string[]).includes(value)) {
        refuse("format", `must be one of ${SHEET_FORMATS.join(", ")}`);
      }
      format = value as ImportSource["format"];
    } else if (key === "me") {
      me = value.trim();
      if (me === "" || me.length > MAX_ME) {
        refuse("me", `must name a column (1 to ${MAX_ME} characters)`);
      }
    } else if (key === "name") {
      const parsed = Text(TEXT_LIMITS.groupName).safeParse(value);
      if (!parsed.success) refuse("name", parsed.error.issues[0]?.message ?? "is not a group name");
      name = parsed.data;
    } else if (key === "currency") {
      if (!/^[A-Z]{3}$/.test(value) || !isCurrency(value)) {
        refuse("currency", "must be an ISO 4217 currency code, e.g. EUR");
      }
      currency = value;
    } else if (key.startsWith("rate.")) {
      const currency = key.slice("rate.".length);
      if (!/^[A-Z]{3}$/.test(currency) || !isCurrency(currency)) {
        refuse(key, "must name an ISO 4217 currency, e.g. rate.USD");
      }
      if (Object.keys(rates).length >= MAX_IMPORT_RATES) {
        refuse(key, `at most ${MAX_IMPORT_RATES} rates`);
      }
      try {
        parseRate(value);
      } catch (e) {
        if (!(e instanceof MoneyError)) throw e;
        refuse(key, e.message);
      }
      rates[currency] = value;
    } else {
      refuse(
        key,
        "is not a parameter of a spreadsheet import (format, me, name, currency, rate.<CUR>)",
      );
    }
  }
  return { type: "csv", format, me, name, rates, ...(currency ? { currency } : {}) };
}
