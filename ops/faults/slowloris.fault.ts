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
import { openRaw } from "../../platform/testing/raw_http.ts";
import {
  assertBoundedAnswers,
  checkWrites,
  describeData,
  faultTest,
  fillData,
  prepareTarget,
  startAllInOne,
} from "./harness.ts";
import { startWrites } from "../load/driver.ts";
import { describeSamples, seconds } from "./report.ts";

const CONNECTIONS = 300;
/** How long the server may keep a connection that never finishes its headers. */
const CLOSE_BOUND_MS = 60_000;

/**
 * Opens a slow connection: a request line, then a header line every 2 s.
 * Resolves with how long after opening the server closed it, or null if it
 * was still open at `bound`.
 */
async function slowClient(port: number, bound: number): Promise<number | null> {
  const raw = await openRaw(port);
  let closedMs: number | null = null;
  raw.closed.then((c) => closedMs = c.ms);
  try {
    await raw.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const deadline = performance.now() + bound;
    let n = 0;
    while (closedMs === null && performance.now() < deadline) {
      await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 2_000))]);
      if (closedMs !== null) break;
      await raw.send(`X-Slow-${n++}: ${"a".repeat(8)}\r\n`).catch(() => {});
    }
    return closedMs;
  } finally {
    raw.close();
    await raw.closed;
  }
}

faultTest(`slowloris: ${CONNECTIONS} connections that never finish their headers`, async (row) => {
  await using db = await createTestDatabase("kopek_faults");
  await using kopek = await startAllInOne({ KOPEK_DATABASE_URL: db.url });
  const port = Number(new URL(kopek.base).port);
  const target = await prepareTarget(kopek.base);
  const load = startWrites(target.base, target);
  row.dataCheck = async () => describeData(await checkWrites(db.url, load));
  let closedAt: (number | null)[] = [];
  try {
    await load.moreAcks(40, 60_000, "writes before the fault");
    const slow = Array.from({ length: CONNECTIONS }, () => slowClient(port, CLOSE_BOUND_MS));
    // Normal requests are served while the slow connections are open.
    await load.moreAcks(40, 30_000, "writes while the slow connections are open");
    closedAt = await Promise.all(slow);
    const open = closedAt.filter((c) => c === null).length;
    const last = Math.max(...closedAt.map((c) => c ?? CLOSE_BOUND_MS));
    row.recovery = open > 0
      ? `${open}/${CONNECTIONS} still open after ${seconds(CLOSE_BOUND_MS)}`
      : `all closed by the server within ${seconds(last)} of opening`;
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
