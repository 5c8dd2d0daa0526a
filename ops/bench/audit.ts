/**
 * Rows 5 and 6: `verifyChain` and the SQL export (`sqlDumpStream`, to nowhere) over one group's
 * events read with `streamEvents`, against a plain SELECT and a COPY of the same rows.
 *
 * @module
 */
import { type GroupEvent, type GroupEventOf, groupStream } from "@kopek/domain";
import {
  createPostgresEventStore,
  type EventStore,
  migrate,
  sqlDumpStream,
  streamEvents,
  verifyChain,
} from "@kopek/eventstore";
import { createSimGroup, nextEvents, record, rng, toNewEvents } from "@kopek/projector/testing";
import { runDatabase } from "../load/database.ts";
import { count, type Row, size, timed } from "./_row.ts";
import { copyStream, selectAll } from "./_select.ts";

const PER_APPEND = 2_000;

/**
 * Writes one group of `n` events, event i at `start + i` seconds: a varied simulated start, then
 * copies of its expenses under new ids (simulating every event would take longer than the bench).
 */
export async function writeLongGroup(store: EventStore, n: number, seed: number): Promise<string> {
  const random = rng(seed);
  const { group, events } = createSimGroup({ members: 6 });
  const start = Date.parse("2026-01-01T00:00:00Z");
  let at = 0;
  const stamp = (list: readonly GroupEvent[]) =>
    toNewEvents(list, group.ownerUserId, "").map((e) => ({
      ...e,
      metadata: { ...e.metadata, at: new Date(start + 1000 * at++).toISOString() },
    }));
  const varied: GroupEvent[] = [...events];
  while (varied.length < Math.min(n, 500)) {
    const next = nextEvents(group, random);
    record(group, next);
    varied.push(...next);
  }
  await store.append({ stream: group.stream, expectedVersion: 0, events: stamp(varied) });
  const pool = varied.filter((e) => e.type === "ExpenseRecorded");
  let version = varied.length;
  while (version < n) {
    const batch = Array.from({ length: Math.min(PER_APPEND, n - version) }, (_, i): GroupEvent => {
      const e = pool[(version + i) % pool.length] as GroupEventOf<"ExpenseRecorded">;
      return { type: "ExpenseRecorded", data: { ...e.data, expenseId: crypto.randomUUID() } };
    });
    await store.append({ stream: group.stream, expectedVersion: version, events: stamp(batch) });
    version += batch.length;
  }
  return group.stream.slice("group-".length);
}

/** Measures rows 5 and 6 on one group of `KOPEK_BENCH_AUDIT_EVENTS` events (default 1,000,000). */
export async function auditRows(): Promise<Row[]> {
  const events = size("KOPEK_BENCH_AUDIT_EVENTS", 1_000_000);
  await using db = await runDatabase("kopek_benchrow");
  await migrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const group = await writeLongGroup(store, events, 7);
  const stream = groupStream(group);
  const select = await timed(() => selectAll(db.sql, stream));
  const verify = await timed(() => verifyChain(streamEvents(store, stream)));
  if (!verify.value.ok) throw new Error("the bench history does not verify");
  const copy = await timed(() => copyStream(db.sql, stream));
  const exported = await timed(async () => {
    let bytes = 0;
    const dump = sqlDumpStream(streamEvents(store, stream), {
      exportedAt: new Date().toISOString(),
      title: "bench",
    });
    for await (const chunk of dump) bytes += chunk.length;
    return bytes;
  });
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  return [
    {
      what: `verify, one group of ${count(events)} events`,
      subject: { label: "verifyChain", perSecond: verify.value.events / (verify.ms / 1000) },
      peer: { label: "plain SELECT", perSecond: select.value / (select.ms / 1000) },
    },
    {
      what: `export, one group of ${count(events)} events`,
      subject: {
        label: "sqlDumpStream",
        perSecond: events / (exported.ms / 1000),
        note: mb(exported.value),
      },
      peer: { label: "COPY TO STDOUT", perSecond: events / (copy.ms / 1000), note: mb(copy.value) },
    },
  ];
}
