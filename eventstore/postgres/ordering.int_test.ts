/**
 * The proof that readAll() never skips an event committed late: concurrent
 * appenders, some of which hold their transaction open after inserting, while
 * a subscriber follows the log live. A naive position-only reader runs beside
 * it as a witness that late commits of lower positions really happened.
 */
import assert from "node:assert/strict";
import type { Sql, TransactionSql } from "@kopek/platform";
import { testEvent } from "../contract.ts";
import { compareCursors, type Cursor, type StoredEvent } from "../port.ts";
import { createPostgresEventStore } from "./adapter.ts";
import { createStoreDatabase } from "./_testing.ts";

const APPENDERS = 8;
const APPENDS_EACH = 2_000;
const STREAMS = 300;
const SLOW_SHARE = 0.03;

/**
 * With `shared`, the appenders share one fast and one slow store (as a
 * process's requests share its store), so that group commit batches their
 * appends (ADR 0062), slow batches included; else each has its own stores on
 * its own connection and appends one at a time.
 */
function readAllTest(name: string, shared: boolean): void {
  Deno.test(name, async () => {
    await using made = await createStoreDatabase();
    const appended = new Map<string, { stream: string; version: number }>();
    let running = APPENDERS;
    const storesOn = (sql: Sql) => ({
      fast: createPostgresEventStore(sql),
      // Same function, same connection, but the transaction stays open a little
      // after the insert: its events commit after later positions did.
      slow: createPostgresEventStore(sql, {
        beforeCommit: async (tx: TransactionSql) => {
          await tx`SELECT pg_sleep(${(2 + Math.random() * 18) / 1000})`;
        },
      }),
    });
    const sharedStores = shared ? storesOn(made.pool(APPENDERS)) : null;

    async function appender(seed: number): Promise<void> {
      const { fast, slow } = sharedStores ?? storesOn(made.pool(1));
      try {
        for (let i = 0; i < APPENDS_EACH; i++) {
          const store = Math.random() < SLOW_SHARE ? slow : fast;
          const stream = `stream-${Math.floor(Math.random() * STREAMS)}`;
          const r = await store.append({
            stream,
            expectedVersion: "any",
            events: [testEvent("tick", { seed, i })],
          });
          appended.set(r.events[0].id, { stream, version: r.events[0].version });
        }
      } finally {
        running--;
      }
    }

    async function subscriber(): Promise<StoredEvent[]> {
      const store = createPostgresEventStore(made.pool(1));
      const seen: StoredEvent[] = [];
      let cursor: Cursor | null = null;
      let deadline = Infinity;
      // Once the appenders are done, everything they got back must arrive; it may
      // take a moment while an older transaction anywhere on the server holds xmin.
      while (seen.length < APPENDERS * APPENDS_EACH && performance.now() < deadline) {
        if (running === 0 && deadline === Infinity) deadline = performance.now() + 120_000;
        const page = await store.readAll({ after: cursor, limit: 500 });
        for (const e of page.events) {
          if (cursor !== null && compareCursors(cursor, e) >= 0) {
            throw new Error(`cursor went backwards: ${JSON.stringify([cursor, e])}`);
          }
          cursor = { txId: e.txId, position: e.position };
          seen.push(e);
        }
        assert.deepEqual(page.cursor, cursor);
        if (page.events.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      // Anything more would be a duplicate.
      const extra = await store.readAll({ after: cursor, limit: 500 });
      seen.push(...extra.events);
      return seen;
    }

    async function naiveWitness(): Promise<Set<string>> {
      const sql = made.pool(1);
      const seen = new Set<string>();
      let last = 0;
      for (;;) {
        const done = running === 0;
        const rows = await sql<{ id: string; position: number }[]>`
        SELECT id::text AS id, position FROM events
        WHERE position > ${last}::bigint ORDER BY position LIMIT 1000`;
        for (const r of rows) seen.add(r.id);
        if (rows.length > 0) last = rows[rows.length - 1].position;
        else if (done) return seen;
        else await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }

    const started = performance.now();
    const [delivered, naive] = await Promise.all([
      subscriber(),
      naiveWitness(),
      ...Array.from({ length: APPENDERS }, (_, seed) => appender(seed)),
    ]) as [StoredEvent[], Set<string>, ...unknown[]];
    const seconds = (performance.now() - started) / 1000;

    assert.equal(appended.size, APPENDERS * APPENDS_EACH);

    // The hazard happened: a position-only cursor skipped events committed late.
    const skippedByNaive = [...appended.keys()].filter((id) => !naive.has(id)).length;
    assert.ok(
      skippedByNaive > 0,
      "no late commit of a lower position was observed; the test proves nothing",
    );

    // Every event exactly once.
    const ids = delivered.map((e) => e.id);
    assert.equal(new Set(ids).size, ids.length, "an event was delivered twice");
    assert.equal(ids.length, appended.size, `delivered ${ids.length} of ${appended.size}`);
    for (const id of ids) assert.ok(appended.has(id), `unknown event ${id}`);

    // Each stream's versions in delivery order: 1, 2, 3, …
    const next = new Map<string, number>();
    for (const e of delivered) {
      const expected = (next.get(e.stream) ?? 0) + 1;
      assert.equal(
        e.version,
        expected,
        `${e.stream} delivered version ${e.version} before ${expected}`,
      );
      next.set(e.stream, expected);
    }

    if (shared) {
      // Batches formed: some transactions hold the events of several appends.
      const perTx = new Map<string, number>();
      for (const e of delivered) perTx.set(e.txId, (perTx.get(e.txId) ?? 0) + 1);
      assert.ok([...perTx.values()].some((n) => n > 1), "no batch formed: nothing was proven");
    }

    if (Deno.env.get("KOPEK_TEST_VERBOSE")) {
      let maxPosition = 0;
      let belowDelivered = 0;
      for (const e of delivered) {
        if (e.position < maxPosition) belowDelivered++;
        maxPosition = Math.max(maxPosition, e.position);
      }
      // deno-lint-ignore no-console
      console.log({ seconds, skippedByNaive, belowDelivered, events: delivered.length });
    }
  });
}

readAllTest("readAll() delivers every event once, in stream order, despite late commits", false);
readAllTest(
  "readAll() delivers every event once, in stream order, with group commit and late commits",
  true,
);

Deno.test("readAll() orders transaction ids as numbers, not as text", async () => {
  // Rows written with explicit, already-ended transaction ids of different
  // lengths ("9" sorts after "10" as text): the order must stay numeric, page
  // after page, or a page boundary would skip the shorter ids for good.
  await using made = await createStoreDatabase();
  const txIds = [9, 10, 99, 100, 1000, 999];
  let position = 0;
  for (const txId of txIds) {
    for (let k = 0; k < 2; k++) {
      position++;
      const e = testEvent("tick", { txId, k });
      await made.db.sql`
        INSERT INTO events (position, tx_id, id, stream, version, type, schema_version, data,
                            metadata, hash, prev_hash)
        VALUES (${position}, ${String(txId)}::xid8, ${e.id}::uuid, ${`s-${position}`}, 1,
                ${e.type}, 1, ${JSON.stringify(e.data)}::text::jsonb,
                ${JSON.stringify(e.metadata)}::text::jsonb, ${"0".repeat(64)}, NULL)`;
    }
  }
  const expected = txIds.flatMap((t, i) => [[t, 2 * i + 1], [t, 2 * i + 2]])
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const limit of [1, 3, 100]) {
    for (const streamPrefix of [undefined, "s-"]) {
      const seen: number[][] = [];
      let cursor: Cursor | null = null;
      for (;;) {
        const page = await made.store.readAll({ after: cursor, limit, streamPrefix });
        if (page.events.length === 0) break;
        seen.push(...page.events.map((e) => [Number(e.txId), e.position]));
        cursor = page.cursor;
      }
      assert.deepEqual(seen, expected, `limit ${limit}, prefix ${streamPrefix}`);
    }
  }
});
