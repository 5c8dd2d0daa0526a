/**
 * Parses the ECB's euro foreign exchange reference rates XML (the daily,
 * 90-day and full-history files share one shape):
 *
 * ```xml
 * <gesmes:Envelope xmlns:gesmes="…" xmlns="…/eurofxref">
 *   <gesmes:subject>Reference rates</gesmes:subject>
 *   <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
 *   <Cube>
 *     <Cube time="2022-07-08">
 *       <Cube currency="USD" rate="1.0163"/>
 *       …
 * ```
 *
 * @module
 */
import { parseRate } from "@kopek/domain";
import { type Publication, RateSourceError } from "../source.ts";
import { tokenizeXml, XmlSyntaxError } from "./_xml.ts";

/** The currency every ECB rate is quoted against. */
export const ECB_BASE = "EUR";

const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const CODE = /^[A-Z]{3}$/;

/** Whether `s` is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const match = DATE.exec(s);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** The element name without its namespace prefix. */
function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Attributes other than namespace declarations. */
function dataAttributes(attributes: ReadonlyMap<string, string>): string[] {
  return [...attributes.keys()].filter((k) => k !== "xmlns" && !k.startsWith("xmlns:"));
}

class Malformed extends Error {}

/**
 * Parses an ECB reference rates document into publications, newest first.
 *
 * Strict: the document must be well-formed XML with a `gesmes:Envelope` root
 * holding exactly one outer `Cube`, whose children are `Cube time="YYYY-MM-DD"`
 * (each date once), whose children are empty `Cube currency="ABC" rate="…"`
 * (each currency once per date, every rate a positive decimal). Anything else
 * inside the `Cube` tree, an empty day, or no day at all is an error; other
 * children of the envelope (subject, sender) are skipped. Currency codes are
 * taken as published (three capital letters), including ones ISO 4217 has
 * since withdrawn (HRK).
 *
 * @throws {RateSourceError} of kind `"malformed"`, saying what and where.
 * @example
 * ```ts
 * const [day] = parseEcbXml(await Deno.readTextFile("eurofxref-daily.xml"));
 * day.rates.USD; // "1.0163"
 * ```
 */
export function parseEcbXml(text: string): Publication[] {
  const publications: Publication[] = [];
  const seenDates = new Set<string>();
  // Element names from the root down; `skip` > 0 while inside an ignored subtree.
  const path: string[] = [];
  let skip = 0;
  let outerCubes = 0;
  let day: { date: string; rates: Record<string, string> } | null = null;

  const closeDay = () => {
    if (day === null) return;
    if (Object.keys(day.rates).length === 0) throw new Malformed(`day ${day.date} lists no rates`);
    publications.push({ date: day.date, base: ECB_BASE, rates: day.rates });
    day = null;
  };

  try {
    tokenizeXml(text, {
      start(name, attributes, empty) {
        if (skip > 0) {
          if (!empty) skip += 1;
          return;
        }
        const depth = path.length;
        const local = localName(name);
        const extra = (allowed: string[]) => {
          const unknown = dataAttributes(attributes).filter((a) => !allowed.includes(a));
          if (unknown.length > 0) {
            throw new Malformed(`unexpected attribute ${unknown[0]} on <${name}>`);
          }
        };
        if (depth === 0) {
          if (local !== "Envelope") {
            throw new Malformed(
              `the root element is <${name}>, not an ECB <gesmes:Envelope>`,
            );
          }
        } else if (depth === 1) {
          if (local !== "Cube") {
            if (!empty) skip = 1; // subject, sender: not ours to check
            return;
          }
          extra([]);
          outerCubes += 1;
          if (outerCubes > 1) throw new Malformed("more than one outer <Cube>");
        } else if (depth === 2) {
          if (name !== "Cube") throw new Malformed(`unexpected <${name}> inside <Cube>`);
          extra(["time"]);
          const date = attributes.get("time");
          if (date === undefined) throw new Malformed("a day <Cube> without a time attribute");
          if (!isIsoDate(date)) throw new Malformed(`time "${date}" is not a YYYY-MM-DD date`);
          if (seenDates.has(date)) throw new Malformed(`day ${date} appears twice`);
          seenDates.add(date);
          day = { date, rates: {} };
          if (empty) closeDay();
        } else if (depth === 3 && day !== null) {
          const { date, rates } = day;
          if (name !== "Cube") throw new Malformed(`unexpected <${name}> in day ${date}`);
          extra(["currency", "rate"]);
          const currency = attributes.get("currency");
          const rate = attributes.get("rate");
          if (currency === undefined || rate === undefined) {
            throw new Malformed(`a rate <Cube> in day ${date} without currency or rate`);
          }
          if (!CODE.test(currency)) {
            throw new Malformed(`currency "${currency}" in day ${date} is not a 3-letter code`);
          }
          if (currency === ECB_BASE) throw new Malformed(`day ${date} quotes EUR against itself`);
          if (Object.hasOwn(rates, currency)) {
            throw new Malformed(`currency ${currency} appears twice in day ${date}`);
          }
          try {
            parseRate(rate);
          } catch {
            throw new Malformed(`rate "${rate}" of ${currency} on ${date} is not a valid rate`);
          }
          rates[currency] = rate;
          if (!empty) throw new Malformed(`the rate <Cube> of ${currency} on ${date} is not empty`);
        } else {
          throw new Malformed(`unexpected <${name}> nested too deep`);
        }
        if (!empty) path.push(name);
      },
      end() {
        if (skip > 0) {
          skip -= 1;
          return;
        }
        path.pop();
        if (path.length === 2) closeDay();
      },
      text(t) {
        if (skip > 0 || path.length < 2) return; // envelope text and comments of others
        if (/[^ \t\r\n]/.test(t)) throw new Malformed(`unexpected text inside <Cube>`);
      },
    });
  } catch (e) {
    if (e instanceof Malformed || e instanceof XmlSyntaxError) {
      throw new RateSourceError("malformed", `ECB rates XML: ${e.message}`, { cause: e });
    }
    throw e;
  }
  if (outerCubes === 0) throw new RateSourceError("malformed", "ECB rates XML: no <Cube> element");
  if (publications.length === 0) {
    throw new RateSourceError("malformed", "ECB rates XML: no day of rates");
  }
  return publications.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
}
