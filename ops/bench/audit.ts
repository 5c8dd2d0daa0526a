/**
 * Rows 5 and 6: `verifyStream` (what `GET …/verify` and `kopek verify` run: the events read as
 * the bytes of COPY pages, ADR 0076) and the SQL export (`sqlDumpOfStreams`: rows written from the bytes of COPY pages, ADR 0077; to nowhere) of
 * one group, against a plain SELECT and a COPY of the same rows.
 *
 * @module
 */
import { groupStream } from "@kopek/domain";
import {
  createPostgresEventStore,
  migrate,
  sqlDumpOfStreams,
  verifyStream,
} from "@kopek/eventstore";
import { connect } from "@kopek/platform";
import { writeLongGroup } from "@kopek/projector/testing";
import { runDatabase } from "../load/database.ts";
import { count, type Row, size, timed } from "./_row.ts";
import { copyStream, selectAll } from "./_select.ts";

/** Measures rows 5 and 6 on one group of `KOPEK_BENCH_AUDIT_EVENTS` events (default 1,000,000). */
export async function auditRows(): Promise<Row[]> {
  const events = size("KOPEK_BENCH_AUDIT_EVENTS", 1_000_000);
  await using db = await runDatabase("kopek_benchrow");
  await migrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const group = await writeLongGroup(store, events, 7);
  const stream = groupStream(group);
  // The peers are one statement over the whole stream: at a million events under load they
  // outlast the pools' 30 s statement timeout, so they run on a connection without one. The
  // subjects page (ADR 0076) and run on the ordinary pool, as the route and the CLI do.
  await using peers = disposable(connect(db.url, { max: 1, statementTimeoutMs: 0 }));
  const select = await timed(() => selectAll(peers.sql, stream));
  const verify = await timed(() => verifyStream(store, stream));
  if (!verify.value.ok) throw new Error("the bench history does not verify");
  const copy = await timed(() => copyStream(peers.sql, stream));
  const exported = await timed(async () => {
    let bytes = 0;
    const dump = sqlDumpOfStreams(store, [stream], {}, {
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
      subject: { label: "verifyStream", perSecond: verify.value.events / (verify.ms / 1000) },
      peer: { label: "plain SELECT", perSecond: select.value / (select.ms / 1000) },
    },
    {
      what: `export, one group of ${count(events)} events`,
      subject: {
        label: "sqlDumpOfStreams",
        perSecond: events / (exported.ms / 1000),
        note: mb(exported.value),
      },
      peer: { label: "COPY TO STDOUT", perSecond: events / (copy.ms / 1000), note: mb(copy.value) },
    },
  ];
}

function disposable(sql: ReturnType<typeof connect>) {
  return { sql, [Symbol.asyncDispose]: () => sql.end() };
}
