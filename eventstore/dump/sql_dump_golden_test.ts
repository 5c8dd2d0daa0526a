/**
 * The dump's bytes for a fixed history, recorded with the writer before ADR
 * 0066 changed how it builds them: an export of the same history must stay
 * byte for byte the same (through `writeSqlDump` and `sqlDumpStream`).
 *
 * @module
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { eventHashSync } from "../hash.ts";
import type { StoredEvent } from "../port.ts";
import { sqlDumpStream, writeSqlDump } from "./sql_dump_writer.ts";

/** A fixed history of two interleaved streams whose data needs every COPY escape and JSON escape. */
function goldenHistory(): StoredEvent[] {
  const texts = [
    "plain",
    "tab\there",
    "new\nline",
    "cr\rhere",
    "back\\slash",
    'quote"d',
    "ünï 🚆 \u2028",
    "\u0001ctl",
  ];
  const heads = new Map<string, StoredEvent>();
  const out: StoredEvent[] = [];
  for (let i = 0; i < 40; i++) {
    const stream = `group-${i % 2 === 0 ? "a" : "b"}`;
    const prev = heads.get(stream);
    const base = {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      stream,
      version: (prev?.version ?? 0) + 1,
      type: i % 5 === 0 ? "GroupRenamed" : "ExpenseRecorded",
      schemaVersion: 1 + (i % 3),
      data: {
        text: texts[i % texts.length],
        n: [i, i / 7, -i, 1e21 * i],
        nested: { b: null, a: i % 2 === 0 },
        "10": "x",
        "9": "y",
      },
      metadata: {
        actor: i % 4 === 0 ? null : "u",
        commandId: `c${i}`,
        at: `2026-11-22T10:00:${String(i).padStart(2, "0")}.000Z`,
      },
    };
    const prevHash = prev?.hash ?? null;
    const e: StoredEvent = {
      ...base,
      position: 3 * i + 1,
      txId: String(100 + i),
      prevHash,
      hash: eventHashSync(prevHash, base),
    };
    heads.set(stream, e);
    out.push(e);
  }
  return out;
}

const RECORDED_SHA256 = "95fb3735f0686d16f82ac5be0c6c5394fa05954a2686e6efcf3d8434b1e94d0e";
const RECORDED_BYTES = 16_155;
const INFO = { exportedAt: "2026-12-06T05:00:00.000Z", title: 'group g "Trip"' };

async function* source() {
  yield* goldenHistory();
}

Deno.test("writeSqlDump() writes the recorded bytes for a fixed history", async () => {
  let text = "";
  for await (const part of writeSqlDump(source(), INFO)) text += part;
  assert.equal(new TextEncoder().encode(text).length, RECORDED_BYTES);
  assert.equal(createHash("sha256").update(text, "utf8").digest("hex"), RECORDED_SHA256);
});

Deno.test("sqlDumpStream() streams the recorded bytes for a fixed history", async () => {
  const bytes = new Uint8Array(await new Response(sqlDumpStream(source(), INFO)).arrayBuffer());
  assert.equal(bytes.length, RECORDED_BYTES);
  assert.equal(createHash("sha256").update(bytes).digest("hex"), RECORDED_SHA256);
});
