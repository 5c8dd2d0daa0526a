import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { eventHashSync } from "../hash.ts";
import type { StoredEvent } from "../port.ts";
import { DumpError, readSqlDump } from "./sql_dump_reader.ts";
import { writeSqlDump } from "./sql_dump_writer.ts";

/** A chained history of `n` events in `streams` interleaved streams. */
function history(n: number, streams = 1, data: (i: number) => unknown = (i) => ({ i })) {
  const heads = new Map<string, StoredEvent>();
  const out: StoredEvent[] = [];
  for (let i = 0; i < n; i++) {
    const stream = `group-${i % streams}`;
    const prev = heads.get(stream);
    const base = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      stream,
      version: (prev?.version ?? 0) + 1,
      type: "ExpenseRecorded",
      schemaVersion: 1,
      data: data(i),
      metadata: { actor: null, commandId: `c${i}`, at: "2026-11-22T10:00:00.000Z" },
    };
    const prevHash = prev?.hash ?? null;
    const e = {
      ...base,
      position: i + 1,
      txId: String(100 + i),
      prevHash,
      hash: eventHashSync(prevHash, base),
    };
    heads.set(stream, e);
    out.push(e);
  }
  return out;
}

async function dump(events: StoredEvent[]): Promise<string> {
  let text = "";
  async function* source() {
    yield* events;
  }
  for await (
    const part of writeSqlDump(source(), { exportedAt: "2026-11-22T12:00:00Z", title: "test" })
  ) {
    text += part;
  }
  return text;
}

/** Rewrites a dump's rows and signs it again, as a forger who knows the format would. */
function reseal(text: string, edit: (rows: string[]) => string[]): string {
  const start = text.indexOf("FROM stdin;\n") + "FROM stdin;\n".length;
  const end = text.lastIndexOf("\n\\.\n") + 1;
  const rows = text.slice(start, end).split("\n").slice(0, -1);
  const edited = edit(rows);
  const body = text.slice(0, start) + edited.map((r) => r + "\n").join("") + "\\.\n";
  const sum = createHash("sha256").update(body, "utf8").digest("hex");
  const trailer = text.slice(text.lastIndexOf("\n\\.\n") + 4)
    .replace(/'sha256:[0-9a-f]{64}'/, `'sha256:${sum}'`)
    .replace(/, (\d+), 'sha256/, `, ${edited.length}, 'sha256`);
  return body + trailer;
}

function refused(text: string, fault: DumpError["fault"], message?: RegExp) {
  assert.throws(() => readSqlDump(text), (e) => {
    assert.ok(e instanceof DumpError, String(e));
    assert.equal(e.fault, fault, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

Deno.test("a dump reads back exactly the events written, whatever their data", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.jsonValue(), { maxLength: 20 }),
      fc.integer({ min: 1, max: 3 }),
      async (values, streams) => {
        const events = history(values.length, streams, (i) => ({ v: values[i] }));
        const read = readSqlDump(await dump(events));
        assert.equal(read.events.length, events.length);
        read.events.forEach((e, i) => {
          const { txId: _, ...expected } = events[i];
          assert.deepEqual(JSON.parse(JSON.stringify(e)), JSON.parse(JSON.stringify(expected)));
        });
        assert.equal(read.headHash, events.at(-1)?.hash ?? null);
      },
    ),
    { numRuns: 50 },
  );
});

Deno.test("an empty history dumps and reads back", async () => {
  assert.deepEqual(readSqlDump(await dump([])).events, []);
});

Deno.test("any one byte altered is refused by the checksum", async () => {
  const text = await dump(history(5));
  const bodyEnd = text.lastIndexOf("\n\\.\n") + 4;
  for (const at of [0, 200, text.indexOf("FROM stdin;") + 20, bodyEnd - 6]) {
    const altered = text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) +
      text.slice(at + 1);
    refused(altered, "checksum_mismatch", /was altered/);
  }
  // In the trailer: the checksum itself, or the trailer's shape.
  const sumAt = text.lastIndexOf("sha256:") + 10;
  refused(
    text.slice(0, sumAt) + (text[sumAt] === "a" ? "b" : "a") + text.slice(sumAt + 1),
    "checksum_mismatch",
  );
  refused(text.replace(/COMMIT;\n$/, "COMMIT;\nDROP TABLE x;\n"), "not_a_dump");
  // The trailer's export time is outside the checksum: it must match the header's.
  refused(text.replace(/'2026-11-22T12:00:00Z'/, "'2026-11-22T12:00:01Z'"), "not_a_dump", /header/);
  refused(text.replace(/\(1, '2026/, "(3, '2026"), "unsupported_format");
});

Deno.test("a resealed dump with events reordered, removed or changed breaks the hash chain", async () => {
  const text = await dump(history(6));
  refused(
    reseal(text, (r) => [r[0], r[2], r[1], ...r.slice(3)]),
    "broken_chain",
    /position 3 .*version gap/,
  );
  refused(
    reseal(text, (r) => [...r.slice(0, 3), ...r.slice(4)]),
    "broken_chain",
    /position 5 .*version gap/,
  );
  refused(reseal(text, (r) => r.slice(1)), "broken_chain", /position 2/);
  refused(
    reseal(text, (r) => r.map((row, i) => i === 3 ? row.replace('{"i":3}', '{"i":4}') : row)),
    "broken_chain",
    /position 4 .*hash mismatch/,
  );
});

Deno.test("a resealed dump with a malformed row or a wrong count is refused", async () => {
  const text = await dump(history(3));
  refused(reseal(text, (r) => [...r, "1\t2"]), "malformed_row", /expected 10 tab-separated fields/);
  refused(
    reseal(text, (r) => r.map((row) => row.replace(/^1\t/, "x\t"))),
    "malformed_row",
    /position/,
  );
  const wrongCount = text.replace(/, 3, 'sha256/, ", 4, 'sha256");
  refused(wrongCount, "count_mismatch", /says 4 events but holds 3/);
  refused("SELECT 1;", "not_a_dump");
});
