/**
 * Fuzz bodies of `POST /v1/imports` as a spreadsheet export (`text/csv`,
 * ADR 0054): a valid Splitwise (or Spliit, or Tricount) export, whole (accepted: a new group) or
 * garbled (a byte flipped, cut, lines swapped, garbage: refused with a
 * `csv.*` problem, or still valid), and bad query parameters (422 at once).
 *
 * @module
 */
import fc from "fast-check";
import type { Fixture } from "./_kit/fixture.ts";
import type { Req } from "./_kit/request.ts";

/** A Splitwise export of three people with a payment, quotes, accents and a USD row. */
export const SPLITWISE_EXPORT = [
  `Date,Description,Category,Cost,Currency,José,"Anna ""B"", S",Zoë`,
  `2026-03-01,"Dîner, ""café""",Dining out,90.00,EUR,60.00,-30.00,-30.00`,
  `2026-03-02,Taxi,Taxi,25.50,EUR,-8.50,17.00,-8.50`,
  `2026-03-03,Zoë paid José,Payment,30.00,EUR,-30.00,0.00,30.00`,
  `2026-03-04,Musée,Entertainment,40.00,USD,-20.00,0.00,20.00`,
  ``,
  `2026-03-06,Total balance,,,EUR,21.50,-13.00,-8.50`,
  `2026-03-06,Total balance,,,USD,-20.00,0.00,20.00`,
].join("\r\n") + "\r\n";

/** A Spliit export as its CSV route writes it (json2csv: strings quoted, numbers bare). */
export const SPLIIT_EXPORT = [
  `"Date","Description","Category","Currency","Cost","Is Reimbursement","Split mode","Ana","Bö, ""B"""`,
  `"2026-04-01","Pizza, ""Napoli""","Food and Drink","€","10.00","No","Evenly",5,-5`,
  `"2026-04-02","Back","Payment","€","5.00","Yes","Evenly",-5,5`,
].join("\n");

/**
 * A Tricount export as its parsers read it (t0ma5/spl1t `src/lib/tricount-import.ts`): per-person
 * `Paid by` and `Impacted to` columns in the default currency, a USD row, a transfer, the trailer.
 */
export const TRICOUNT_EXPORT = [
  "Title,Amount,Currency,Exchange rate,Amount in default currency (EUR),Category,Date & time," +
  'Paid by José,"Paid by Anna ""B"", S",Impacted to José,"Impacted to Anna ""B"", S"',
  '"Dîner, ""café""",90.00,EUR,1,90.00,Food,2026-03-01 20:00:00,90.00,,-45.00,-45.00',
  "Taxi,50.00,USD,0.9,45.00,Transport,2026-03-02 08:00:00,,45.00,-45.00,",
  "Transfer to Anna,20.00,EUR,1,20.00,,2026-03-03 10:00:00,20.00,,,-20.00",
  "tricount Lisboa - Exported on 2026-03-05,,,,,,,,,,",
].join("\r\n") + "\r\n";

const QUERY = "?format=splitwise&rate.USD=0.9";

/** A generated spreadsheet import. */
export function csvImportArb(f: Fixture): fc.Arbitrary<Req> {
  const file = new TextEncoder().encode("\uFEFF" + SPLITWISE_EXPORT);
  const lines = SPLITWISE_EXPORT.split("\r\n");
  const spliit = new TextEncoder().encode("\uFEFF" + SPLIIT_EXPORT);
  const tricount = new TextEncoder().encode("\uFEFF" + TRICOUNT_EXPORT);
  type Garble = {
    label: string;
    body: Uint8Array;
    query?: string;
    ok?: number[];
    reject?: boolean;
  };
  const garble: fc.Arbitrary<Garble> = fc.oneof(
    { weight: 2, arbitrary: fc.constant<Garble>({ label: "csv whole", body: file, ok: [202] }) },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.nat(spliit.length - 1), fc.integer({ min: 0, max: 255 })).map(
        ([at, x]) => {
          const body = spliit.slice();
          body[at] ^= x;
          return {
            label: `spliit byte ${at} ^ ${x}`,
            body,
            query: "",
            ok: x === 0 ? [202] : undefined,
          };
        },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.nat(tricount.length - 1), fc.integer({ min: 0, max: 255 })).map(
        ([at, x]) => {
          const body = tricount.slice();
          body[at] ^= x;
          return {
            label: `tricount byte ${at} ^ ${x}`,
            body,
            query: "",
            ok: x === 0 ? [202] : undefined,
          };
        },
      ),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.nat(file.length - 1), fc.integer({ min: 1, max: 255 })).map(
        ([at, x]) => {
          const body = file.slice();
          body[at] ^= x;
          return { label: `csv byte ${at} ^ ${x}`, body };
        },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.nat(file.length - 1).map((at) => ({
        label: `csv cut at ${at}`,
        body: file.slice(0, at),
      })),
    },
    {
      weight: 2,
      arbitrary: fc.nat(lines.length - 2).map((i) => {
        const swapped = [...lines];
        [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
        return {
          label: `csv lines ${i + 1}, ${i + 2} swapped`,
          body: new TextEncoder().encode(swapped.join("\n")),
        };
      }),
    },
    {
      weight: 2,
      arbitrary: fc.string({ unit: "binary", maxLength: 300 }).map((t) => ({
        label: "csv garbage",
        body: new TextEncoder().encode(t),
      })),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constantFrom("?format=excel", "?rate.XXX=1", "?rate.USD=-1", "?rate.usd=1", "?x=1"),
        fc.string({ maxLength: 40 }).map((s) => `?me=${encodeURIComponent(s)}&rate.USD=${s}`),
        fc.string({ maxLength: 130 }).map((s) => `?name=${encodeURIComponent(s)}`),
      ).map((query) => ({ label: `csv query ${query}`, body: file, query })),
    },
  );
  return garble.map((g): Req => ({
    route: "import",
    method: "POST",
    path: `/v1/imports${g.query ?? QUERY}`,
    headers: { authorization: `Bearer ${f.anaToken}`, "content-type": "text/csv" },
    body: g.body,
    mustReject: g.reject ?? false,
    doomed: [],
    expect: g.ok,
    labels: ["import", g.label],
  }));
}
