/**
 * Row 1: appends through the event store's port (`createPostgresEventStore`), 32 writers, one
 * event per append, against a plain single-row INSERT into a table with the events' columns and
 * indexes; the two alternate in chunks so that load from elsewhere hits them alike.
 *
 * @module
 */
import { createPostgresEventStore, migrate, type NewEvent } from "@kopek/eventstore";
import { connect, type Sql } from "@kopek/platform";
import { runDatabase } from "../load/database.ts";
import { type Row, size } from "./_row.ts";

const FAKE_HASH = "0".repeat(64);
const STREAMS_PER_WRITER = 20;

function event(i: number): NewEvent {
  return {
    id: crypto.randomUUID(),
    type: "expense.added",
    schemaVersion: 1,
    data: { amount: 1250 + i, currency: "EUR", note: "taxi", shares: { a: 625, b: 625 + i } },
    metadata: { actor: "user-1", commandId: crypto.randomUUID(), at: new Date(i).toISOString() },
  };
}

function writer(kind: "insert" | "append", sql: Sql, id: number) {
  const store = createPostgresEventStore(sql);
  const versions = new Map<string, number>();
  return async (n: number, offset: number) => {
    for (let i = 0; i < n; i++) {
      const stream = `${kind}-w${id}-s${(offset + i) % STREAMS_PER_WRITER}`;
      const version = versions.get(stream) ?? 0;
      const e = event(i);
      if (kind === "insert") {
        await sql`
          INSERT INTO plain_events
            (id, stream, version, type, schema_version, data, metadata, hash, prev_hash)
          VALUES (${e.id}::uuid, ${stream}, ${version + 1}, ${e.type}, ${e.schemaVersion},
            ${JSON.stringify(e.data)}::text::jsonb, ${JSON.stringify(e.metadata)}::text::jsonb,
            ${FAKE_HASH}, ${version === 0 ? null : FAKE_HASH})`;
      } else {
        await store.append({ stream, expectedVersion: version, events: [e] });
      }
      versions.set(stream, version + 1);
    }
  };
}

/** Measures row 1 (`KOPEK_BENCH_APPENDS` appends each side, default 3,200; 32 writers). */
export async function appendRow(): Promise<Row> {
  const appends = size("KOPEK_BENCH_APPENDS", 3_200);
  const writers = 32;
  await using db = await runDatabase("kopek_benchrow");
  await migrate(db.sql);
  await db.sql`
    CREATE TABLE plain_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`;
  const pool = connect(db.url, { max: writers, applicationName: "kopek-bench" });
  try {
    const kinds = ["insert", "append"] as const;
    const work = kinds.map((k) => Array.from({ length: writers }, (_, i) => writer(k, pool, i)));
    for (const ws of work) await Promise.all(ws.map((w) => w(STREAMS_PER_WRITER, 0)));
    const chunks = 10;
    const each = Math.max(1, Math.floor(appends / writers / chunks));
    const spent = [0, 0];
    for (let c = 0; c < chunks; c++) {
      for (let k = 0; k < 2; k++) {
        const started = performance.now();
        await Promise.all(work[k].map((w) => w(each, STREAMS_PER_WRITER + c * each)));
        spent[k] += performance.now() - started;
      }
    }
    const done = each * writers * chunks;
    return {
      what: `append, ${writers} writers`,
      subject: { label: "append()", perSecond: done / (spent[1] / 1000) },
      peer: { label: "plain INSERT", perSecond: done / (spent[0] / 1000) },
    };
  } finally {
    await pool.end({ timeout: 5 });
  }
}
