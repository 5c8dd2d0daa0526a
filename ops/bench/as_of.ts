/**
 * Row 4: balances as of an instant in the middle of a group of 100,000 events, over HTTP
 * (`GET /v1/groups/{g}/balances?asOf=`, the all-in-one process), against a plain SELECT of the
 * same rows (the group's events up to that instant). The group is made through the API (a user,
 * the group, one expense), then its expense is copied under new ids straight into the event
 * store; the reads start once the projector has applied the whole history.
 *
 * @module
 */
import { createPostgresEventStore, type NewEvent } from "@kopek/eventstore";
import { runDatabase } from "../load/database.ts";
import { KopekClient, soloExpense } from "@kopek/testing";
import { allInOne } from "../load/scaling.ts";
import { count, type Row, size, timed } from "./_row.ts";
import { selectAll } from "./_select.ts";

const PER_APPEND = 2_000;
const READS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Measures row 4 on a group of `KOPEK_BENCH_ASOF_EVENTS` events (default 100,000). */
export async function asOfRow(): Promise<Row> {
  const events = size("KOPEK_BENCH_ASOF_EVENTS", 100_000);
  await using db = await runDatabase("kopek_benchrow", { max: 4 });
  await using kopek = await allInOne(db.url, 1);
  const { client } = await new KopekClient(kopek.base).register("asof@example.com", "As Of");
  const group = await client.post("/v1/groups", { name: "Long", currency: "EUR" });
  const g: string = group.body.id;
  const first = await client.post(
    `/v1/groups/${g}/expenses`,
    soloExpense({ memberId: group.body.memberId, amount: "12.50" }),
  );
  if (first.status !== 201) throw new Error(`expense: ${first.status}`);
  const store = createPostgresEventStore(db.sql);
  const stream = `group-${g}`;
  const history = await store.readStream(stream);
  const template = history.find((e) => e.type === "ExpenseRecorded")!;
  // One second apart from the first expense on: the store keeps `at` non-decreasing within a
  // stream (ADR 0026), so a start before that expense would give every copy the same instant.
  const start = Date.parse(template.metadata.at) + 1000;
  let version = history.length;
  let head = 0;
  while (version < events) {
    const batch = Array.from({ length: Math.min(PER_APPEND, events - version) }, (_, i) => ({
      id: crypto.randomUUID(),
      type: template.type,
      schemaVersion: template.schemaVersion,
      data: { ...(template.data as Record<string, unknown>), expenseId: crypto.randomUUID() },
      metadata: {
        ...template.metadata,
        commandId: crypto.randomUUID(),
        at: new Date(start + 1000 * (version + i)).toISOString(),
      },
    } as NewEvent));
    const appended = await store.append({ stream, expectedVersion: version, events: batch });
    head = appended.position;
    version += batch.length;
  }
  // The projector applies the history first (reads would otherwise share the cores with it).
  for (let tries = 0; tries < 600; tries++) {
    const read = await client.get(`/v1/groups/${g}/balances`, {
      "Kopek-Min-Position": String(head),
    });
    if (read.status === 200) break;
  }
  // The instant of the middle event as the store recorded it (it keeps `at` monotonic).
  const [{ at: middle }] = await db.sql<{ at: string }[]>`
    SELECT metadata->>'at' AS at FROM events
     WHERE stream = ${stream} AND version = ${Math.floor(version / 2)}`;
  const path = `/v1/groups/${g}/balances?asOf=${encodeURIComponent(middle)}`;
  const reads: number[] = [];
  for (let i = 0; i < READS; i++) {
    const { ms, value } = await timed(() => client.get(path));
    if (value.status !== 200) throw new Error(`as-of read: ${value.status}`);
    reads.push(ms);
  }
  const selects: number[] = [];
  let rows = 0;
  for (let i = 0; i < READS; i++) {
    const { ms, value } = await timed(() => selectAll(db.sql, stream, middle));
    selects.push(ms);
    rows = value;
  }
  const subjectMs = median(reads);
  const peerMs = median(selects);
  return {
    what: `balances as of an instant, group of ${count(events)} events (${count(rows)} before it)`,
    subject: {
      label: "GET …/balances?asOf=",
      perSecond: rows / (subjectMs / 1000),
      ms: subjectMs,
      note: `median of ${READS}`,
    },
    peer: {
      label: "plain SELECT of those events",
      perSecond: rows / (peerMs / 1000),
      ms: peerMs,
      note: `median of ${READS}`,
    },
  };
}
