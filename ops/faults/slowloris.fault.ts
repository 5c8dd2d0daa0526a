/**
 * Slowloris: 300 connections that send a request line and then one header
 * line every 2 s, never finishing their headers. The all-in-one must close
 * them after its header-read timeout, and serve normal requests (the write
 * load) meanwhile.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "../../platform/testing/database.ts";
import {
  assertBoundedAnswers,
  checkWrites,
  describeData,
  faultTest,
  fillData,
  prepareTarget,
  startAllInOne,
} from "./harness.ts";
import { startWriteLoad } from "./load.ts";
import { describeSamples, seconds } from "./report.ts";

const CONNECTIONS = 300;
/** How long the server may keep a connection that never finishes its headers. */
const CLOSE_BOUND_MS = 60_000;

/** Opens a slow connection; resolves with when the server closed it (or null at the bound). */
async function slowClient(port: number, bound: number): Promise<number | null> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const encoder = new TextEncoder();
  let closed: number | null = null;
  let byServer: number | null = null;
  const reader = (async () => {
    const buf = new Uint8Array(1024);
    try {
      while (await conn.read(buf) !== null) {
        // an answer (408, 400) is fine: we wait for the close
      }
    } catch {
      // a reset is a close too
    }
    closed = performance.now();
  })();
  try {
    await conn.write(encoder.encode("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    const deadline = performance.now() + bound;
    let n = 0;
    while (closed === null && performance.now() < deadline) {
      await Promise.race([reader, new Promise((r) => setTimeout(r, 2_000))]);
      if (closed !== null) break;
      await conn.write(encoder.encode(`X-Slow-${n++}: ${"a".repeat(8)}\r\n`)).catch(() => {});
    }
    byServer = closed;
  } finally {
    try {
      conn.close();
    } catch {
      // closed by the server
    }
    await reader;
  }
  return byServer;
}

faultTest(`slowloris: ${CONNECTIONS} connections that never finish their headers`, async (row) => {
  await using db = await createTestDatabase("kopek_faults");
  await using kopek = await startAllInOne({ KOPEK_DATABASE_URL: db.url });
  const port = Number(new URL(kopek.base).port);
  const target = await prepareTarget(kopek.base);
  const load = startWriteLoad(target);
  row.dataCheck = async () => describeData(await checkWrites(db.url, load));
  let closedAt: (number | null)[] = [];
  let opened = 0;
  try {
    await load.moreAcks(40, 60_000, "writes before the fault");
    opened = performance.now();
    const slow = Array.from({ length: CONNECTIONS }, () => slowClient(port, CLOSE_BOUND_MS));
    // Normal requests are served while the slow connections are open.
    await load.moreAcks(40, 30_000, "writes while the slow connections are open");
    closedAt = await Promise.all(slow);
    const open = closedAt.filter((c) => c === null).length;
    const last = Math.max(...closedAt.map((c) => c ?? performance.now()));
    row.recovery = open > 0
      ? `${open}/${CONNECTIONS} still open after ${seconds(CLOSE_BOUND_MS)}`
      : `all closed ${seconds(last - opened)} after they opened`;
    assert.equal(open, 0, `${open} slow connections still open after ${CLOSE_BOUND_MS} ms`);
  } finally {
    await load.stop(kopek.exited() ? 0 : 30_000);
    row.clients = `writes: ${describeSamples(load.samples)}`;
    await fillData(row);
  }
  assert.ok(!kopek.exited(), `Kopek exited:\n${kopek.output()}`);
  const data = await checkWrites(db.url, load);
  row.data = describeData(data);
  assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
  assertBoundedAnswers(load.samples);
});
