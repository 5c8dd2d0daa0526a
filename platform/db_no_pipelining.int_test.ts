/**
 * No statement of Kopek's pools is pipelined (platform/db.ts, ADR 0031): a
 * proxy that reads the PostgreSQL protocol between the driver and the real
 * server counts the statements a connection was sent while an earlier one's
 * ReadyForQuery had not come back. PgBouncer in transaction mode may hand the
 * server connection to another client at that ReadyForQuery and drop the
 * answer to what was written behind it. And with pipelining off, a
 * transaction still holds its connection: no other caller's autocommit
 * statement runs inside it (the vendored driver's patch).
 */
import assert from "node:assert/strict";
import { connect } from "./db.ts";
import { testServerUrl } from "./testing/database.ts";

/** A proxy that watches the protocol: how often a statement started while another was in flight. */
function startWireWatch(target: { hostname: string; port: number }) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const stats = { statements: 0, pipelined: 0 };
  const tasks: Promise<void>[] = [];
  const conns: Deno.Conn[] = [];

  /** Calls `onMessage(type)` for each whole message of `conn`; the first has no type when `startup`. */
  async function pump(
    from: Deno.Conn,
    to: Deno.Conn,
    startup: boolean,
    onMessage: (type: string) => void,
  ) {
    let pending = new Uint8Array(0);
    let first = startup;
    const buf = new Uint8Array(65_536);
    try {
      while (true) {
        const n = await from.read(buf);
        if (n === null) break;
        const chunk = buf.subarray(0, n);
        const joined = new Uint8Array(pending.length + n);
        joined.set(pending);
        joined.set(chunk, pending.length);
        let at = 0;
        while (true) {
          const head = first ? 0 : 1;
          if (joined.length - at < head + 4) break;
          const len = new DataView(joined.buffer, at + head, 4).getInt32(0);
          if (joined.length - at < head + len) break;
          onMessage(first ? "startup" : String.fromCharCode(joined[at]));
          at += head + len;
          first = false;
        }
        pending = joined.slice(at);
        let written = 0;
        while (written < n) written += await to.write(chunk.subarray(written));
      }
    } catch {
      // a side closed
    }
    try {
      to.close();
    } catch {
      // already closed
    }
  }

  const accept = (async () => {
    for await (const client of listener) {
      const server = await Deno.connect(target);
      conns.push(client, server);
      // Statements written and not yet answered with ReadyForQuery (the startup counts as one).
      let inFlight = 0;
      tasks.push(pump(client, server, true, (type) => {
        if (type === "startup" || type === "Q" || type === "S") inFlight++;
        if (type === "P" || type === "B" || type === "Q") {
          stats.statements++;
          // P then B of one statement come before its Sync: only a Sync still unanswered counts.
          if (inFlight > (type === "Q" ? 1 : 0)) stats.pipelined++;
        }
      }));
      tasks.push(pump(server, client, false, (type) => {
        if (type === "Z") inFlight--;
      }));
    }
  })();

  return {
    port: (listener.addr as Deno.NetAddr).port,
    stats,
    async close() {
      listener.close();
      await accept.catch(() => {});
      for (const c of conns) {
        try {
          c.close();
        } catch {
          // already closed
        }
      }
      await Promise.all(tasks);
    },
  };
}

function throughWatch(port: number): string {
  const url = new URL(testServerUrl());
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return url.toString();
}

Deno.test("a pool never writes a statement before the previous one's ReadyForQuery", async () => {
  const server = new URL(testServerUrl());
  const watch = startWireWatch({ hostname: server.hostname, port: Number(server.port || 5432) });
  const sql = connect(throughWatch(watch.port), { max: 2 });
  try {
    // Far more concurrent statements than connections, transactions among them.
    await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        i % 10 === 0
          ? sql.begin(async (tx) => {
            await tx`SELECT ${i}::int AS a`;
            await Promise.all([tx`SELECT 1 AS b`, tx`SELECT 2 AS c`]);
          })
          : sql`SELECT ${i}::int AS v, ${"x"}::text AS w`),
    );
    assert.ok(watch.stats.statements >= 300, `only ${watch.stats.statements} statements seen`);
    assert.equal(watch.stats.pipelined, 0, `${watch.stats.pipelined} statements were pipelined`);
  } finally {
    await sql.end({ timeout: 5 });
    await watch.close();
  }
});

Deno.test("an autocommit statement never runs inside another caller's transaction", async () => {
  const sql = connect(testServerUrl(), { max: 2 });
  try {
    const own: boolean[] = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 4 === 0
          ? sql.begin(async (tx) => {
            await tx`SELECT set_config('kopek.in_transaction', 'yes', true)`;
            await tx`SELECT pg_sleep(0.002)`;
          })
          : sql<{ setting: string | null }[]>`
              SELECT current_setting('kopek.in_transaction', true) AS setting`
            .then(([r]) => {
              own.push(r.setting !== "yes");
            })),
    );
    assert.equal(own.length, 150);
    assert.equal(own.filter((o) => !o).length, 0, "autocommit statements ran in a transaction");
  } finally {
    await sql.end({ timeout: 5 });
  }
});
