import assert from "node:assert/strict";
import fc from "fast-check";
import { eventHashSync } from "./hash.ts";
import { canonicalJson } from "./canonical_json.ts";
import { ChainVerifier } from "./chain_verifier.ts";
import { CopyTextRows } from "./copy_text_rows.ts";
import { eventHashOfCopyRow } from "./jsonb_bytes.ts";
import { type ReadCopyPage, verifyCopyStream } from "./copy_verify.ts";
import { jsonbStyle } from "./_jsonb_style_testing.ts";

/** A field as PostgreSQL's COPY TO writes it (null as `\N`). */
function copyField(v: string | number | null): string {
  if (v === null) return "\\N";
  return String(v).replace(/[\\\b\f\n\r\t\v]/g, (c) => COPY_ESCAPES[c]);
}
const COPY_ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\v": "\\v",
};

interface Row {
  position: number;
  stream: string;
  version: number;
  id: string;
  type: string;
  schemaVersion: number;
  dataText: string;
  metadataText: string;
  hash: string;
  prevHash: string | null;
}

/** The COPY line of a row, in the port's columns. */
function copyLine(r: Row): string {
  return [
    r.position,
    r.stream,
    r.version,
    r.id,
    r.type,
    r.schemaVersion,
    r.dataText,
    r.metadataText,
    r.hash,
    r.prevHash,
  ].map(copyField).join("\t") + "\n";
}

/** Strings mostly of what the byte path takes, now and then an escape or a non-ASCII letter. */
const unit = fc.oneof(
  { arbitrary: fc.constantFrom(..."abzAZ09 ,:{}[]-._"), weight: 200 },
  { arbitrary: fc.constantFrom("é", '"', "\\", "\n", "\t", "\b", "😀", "\u0001"), weight: 1 },
);
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.integer().map((n) => n / 100),
    fc.string({ unit }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit }), tie("value"), { maxKeys: 5 }),
  ),
})).value;
const content = fc.record({
  id: fc.uuid(),
  type: fc.string({ unit }),
  schemaVersion: fc.integer({ min: 1, max: 99 }),
  data: value,
  metadata: fc.dictionary(fc.string({ unit }), value, { maxKeys: 6 }),
});

type Content = typeof content extends fc.Arbitrary<infer C> ? C : never;

/** A sound chain of one stream, as rows. */
function chainOf(contents: Content[], stream: string): Row[] {
  const rows: Row[] = [];
  let prevHash: string | null = null;
  contents.forEach((c, i) => {
    const e = { ...c, stream, version: i + 1 };
    const hash = eventHashSync(prevHash, e);
    rows.push({
      position: 10 + 3 * i,
      stream,
      version: i + 1,
      id: c.id,
      type: c.type,
      schemaVersion: c.schemaVersion,
      dataText: jsonbStyle(c.data),
      metadataText: jsonbStyle(c.metadata),
      hash,
      prevHash,
    });
    prevHash = hash;
  });
  return rows;
}

/** A store's COPY reader over fixed lines (the stream is not filtered: every line is served). */
function readerOf(lines: string[]): ReadCopyPage {
  const encoder = new TextEncoder();
  // deno-lint-ignore require-await
  return async (_stream, o) => {
    const picked = lines.filter((_, i) => i + 1 > (o.afterVersion ?? 0)).slice(0, o.limit);
    return encoder.encode(picked.join(""));
  };
}

/** The reference: every line decoded as the driver would, through the text path. */
function referenceReport(lines: string[]) {
  const verifier = new ChainVerifier();
  const rows = new CopyTextRows(10).reset(new TextEncoder().encode(lines.join("")));
  while (rows.next()) {
    verifier.push({
      position: Number(rows.text(0)),
      stream: rows.text(1) as string,
      version: Number(rows.text(2)),
      id: rows.text(3) as string,
      type: rows.text(4) as string,
      schemaVersion: Number(rows.text(5)),
      dataText: rows.text(6) as string,
      metadataText: rows.text(7) as string,
      hash: rows.text(8) as string,
      prevHash: rows.text(9),
    });
  }
  return verifier.report();
}

/** What a line means (its fields decoded, its JSON canonical), as one comparable text. */
function decoded(line: string): string {
  const rows = new CopyTextRows(10).reset(new TextEncoder().encode(line));
  try {
    rows.next();
    const fields = Array.from({ length: 10 }, (_, i) => rows.text(i));
    // Spaces between JSON tokens mean nothing: a tamper that adds one changes no hash.
    for (const i of [6, 7]) fields[i] = canonicalJson(JSON.parse(fields[i] as string)) ?? null;
    return JSON.stringify(fields);
  } catch (e) {
    return (e as Error).name;
  }
}

async function outcome(run: () => unknown) {
  try {
    return { report: await run() };
  } catch (e) {
    return { error: (e as Error).name };
  }
}

Deno.test("eventHashOfCopyRow() hashes what the parsed event hashes, or declines", () => {
  let taken = 0;
  fc.assert(
    fc.property(fc.array(content, { minLength: 1, maxLength: 3 }), fc.string({ unit }), (cs, s) => {
      const rows = chainOf(cs, s);
      const copy = new CopyTextRows(10).reset(
        new TextEncoder().encode(rows.map(copyLine).join("")),
      );
      for (const r of rows) {
        assert.ok(copy.next());
        const hash = eventHashOfCopyRow(r.prevHash, copy);
        if (hash !== null) {
          taken++;
          assert.equal(hash, r.hash, copyLine(r));
        }
      }
    }),
    { numRuns: 1000 },
  );
  assert.ok(taken > 300, `the byte path took only ${taken} rows`);
});

Deno.test("verifyCopyStream() gives the text path's verdict, for sound and tampered histories", async () => {
  const tamper = fc.record({
    row: fc.nat(),
    field: fc.constantFrom(1, 3, 4, 6, 7, 8, 9),
    at: fc.nat(),
    by: fc.constantFrom("a", "Z", "0", " ", '"', "é", "\\t", "\\\\", "\\n", ","),
  });
  await fc.assert(
    fc.asyncProperty(
      fc.array(content, { minLength: 1, maxLength: 12 }),
      fc.option(tamper),
      fc.integer({ min: 1, max: 5 }),
      async (cs, t, pageSize) => {
        const lines = chainOf(cs, "group-1").map(copyLine);
        const original = [...lines];
        if (t !== null) {
          const i = t.row % lines.length;
          const fields = lines[i].slice(0, -1).split("\t");
          const f = fields[t.field];
          const at = t.at % (f.length + 1);
          fields[t.field] = f.slice(0, at) + t.by + f.slice(at + 1);
          lines[i] = fields.join("\t") + "\n";
        }
        const expected = await outcome(() => referenceReport(lines));
        const got = await outcome(async () => {
          const verifier = new ChainVerifier();
          await verifyCopyStream(verifier, readerOf(lines), "group-1", { pageSize });
          return verifier.report();
        });
        assert.deepEqual(got, expected);
        // Any change to what a row holds (decoded) breaks the chain, or the read.
        const changed = lines.some((l, i) => decoded(l) !== decoded(original[i]));
        if ("report" in got) {
          assert.equal((got.report as { ok: boolean }).ok, !changed, lines.join(""));
        }
      },
    ),
    { numRuns: 400 },
  );
});

Deno.test("verifyCopyStream() reads every page and stops at a short one", async () => {
  const lines = chainOf(fc.sample(content, 7), "s").map(copyLine);
  const asked: (number | undefined)[] = [];
  const read = readerOf(lines);
  for (const pageSize of [1, 2, 3, 7, 8]) {
    asked.length = 0;
    const verifier = new ChainVerifier();
    await verifyCopyStream(
      verifier,
      (s, o) => {
        asked.push(o.afterVersion);
        return read(s, o);
      },
      "s",
      { pageSize },
    );
    assert.deepEqual(verifier.report().events, 7, `page size ${pageSize}`);
    assert.ok(verifier.report().ok);
    // Each page is asked for once, in order (the last one ahead of need).
    assert.deepEqual(asked, [...new Set(asked)].sort((a, b) => (a ?? 0) - (b ?? 0)));
  }
});
