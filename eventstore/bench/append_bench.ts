/**
 * Appends per second through the port (one event per append), against the
 * ceiling of a plain single-row INSERT into a table with the same columns
 * and indexes. Each iteration appends {@linkcode APPENDS} events into a fresh
 * database; run with `deno bench -A eventstore/bench/`.
 *
 * @module
 */
import { connect, type Sql } from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { createPostgresEventStore } from "../postgres/adapter.ts";
import { migrate } from "../postgres/schema.ts";
import type { EventStore, NewEvent } from "../port.ts";

/** Appends per measured iteration. */
const APPENDS = 3_200;
/** Streams each writer cycles through. */
const STREAMS_PER_WRITER = 20;
const FAKE_HASH = "0".repeat(64);

type Kind =
  | "insert"
  | "append"
  | "append-idempotent"
  | "append-answered"
  | "append-shared"
  | "append-shared-alone";

function event(i: number): NewEvent {
  return {
    id: crypto.randomUUID(),
    type: "expense.added",
    schemaVersion: 1,
    data: { amount: 1250 + i, currency: "EUR", note: "taxi", shares: { a: 625, b: 625 + i } },
    metadata: {
      actor: "user-1",
      commandId: crypto.randomUUID(),
      at: new Date(1_714_557_600_000 + i).toISOString(),
    },
  };
}

/** A command's answer as the command side keeps it with its key (ADR 0019): about 300 bytes. */
function answerOf(e: NewEvent) {
  return {
    status: 201,
    body: {
      id: e.id,
      version: 1,
      position: null,
      shares: [{ memberId: crypto.randomUUID(), amount: "6.25" }, {
        memberId: crypto.randomUUID(),
        amount: "6.25",
      }],
      converted: { amount: "12.50", currency: "EUR" },
      fx: null,
    },
    headers: { ETag: '"1"' },
  };
}

/**
 * One writer's work: `count` single-event appends over its own streams. The
 * `append-shared` kinds share one store between the writers, as the command
 * API's requests do (one store per process): with group commit, then without.
 */
function writer(kind: Kind, sql: Sql, id: number, shared: Record<string, EventStore>) {
  const store = shared[kind] ?? createPostgresEventStore(sql);
  const versions = new Map<string, number>();
  return async (count: number, offset: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
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
        await store.append(
          { stream, expectedVersion: version, events: [e] },
          kind === "append-idempotent"
            ? { idempotency: { key: e.metadata.commandId, contentHash: FAKE_HASH } }
            : kind === "append-answered"
            ? {
              idempotency: {
                key: e.metadata.commandId,
                contentHash: FAKE_HASH,
                response: answerOf(e),
              },
            }
            : undefined,
        );
      }
      versions.set(stream, version + 1);
    }
  };
}

function rate(events: number, ms: number): string {
  return `${Math.round(events / (ms / 1000))} events/s`;
}

async function measure(b: Deno.BenchContext, kinds: Kind[], writers: number) {
  await using db = await createTestDatabase("kopek_bench");
  await migrate(db.sql);
  await db.sql`
    CREATE TABLE plain_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`;
  const pool = connect(db.url, { max: writers, applicationName: "kopek-bench" });
  try {
    const shared: Record<string, EventStore> = {
      "append-shared": createPostgresEventStore(pool),
      "append-shared-alone": createPostgresEventStore(pool, { groupCommit: false }),
    };
    const work = kinds.map((kind) =>
      Array.from({ length: writers }, (_, i) => writer(kind, pool, i, shared))
    );
    // Warm up: open every connection, prepare statements, learn stream heads.
    for (const ws of work) await Promise.all(ws.map((w) => w(STREAMS_PER_WRITER, 0)));
    // Several kinds alternate in chunks, so that load from elsewhere on the
    // machine hits them alike and their ratio stays meaningful.
    const chunks = kinds.length === 1 ? 1 : 10;
    const each = APPENDS / writers / chunks;
    const spent = kinds.map(() => 0);
    b.start();
    for (let c = 0; c < chunks; c++) {
      for (let k = 0; k < kinds.length; k++) {
        const started = performance.now();
        await Promise.all(work[k].map((w) => w(each, STREAMS_PER_WRITER + c * each)));
        spent[k] += performance.now() - started;
      }
    }
    b.end();
    const line = kinds.map((kind, k) => `${kind} ${rate(APPENDS, spent[k])}`).join(", ");
    const ratio = kinds.slice(1).map((kind, k) =>
      ` (${kind} at ${Math.round((spent[0] / spent[k + 1]) * 100)} % of ${kinds[0]}'s rate)`
    ).join("");
    // deno-lint-ignore no-console
    console.log(`${line}${ratio}`);
  } finally {
    await pool.end({ timeout: 5 });
  }
}

for (const writers of [1, 32]) {
  const group = `${writers} writer${writers === 1 ? "" : "s"}, ${APPENDS} single-event appends`;
  const cases: [string, Kind[]][] = [
    [`plain INSERT ceiling, ${writers} writers`, ["insert"]],
    [`append() through the port, ${writers} writers`, ["append"]],
    [`append() with idempotency key, ${writers} writers`, ["append-idempotent"]],
    [`interleaved INSERT and append(), ${writers} writers`, ["insert", "append"]],
    [
      `interleaved INSERT and append() on one shared store, with and without group commit, ${writers} writers`,
      [
        "insert",
        "append-shared",
        "append-shared-alone",
      ],
    ],
    [`interleaved keyed append() without and with an answer kept, ${writers} writers`, [
      "append-idempotent",
      "append-answered",
    ]],
  ];
  for (const [name, kinds] of cases) {
    Deno.bench({
      name,
      group,
      baseline: kinds.length === 1 && kinds[0] === "insert",
      n: 3,
      warmup: 1,
      // Deno.bench treats only async functions as asynchronous.
      fn: async (b) => await measure(b, kinds, writers),
    });
  }
}
