/**
 * SIGTERM of the all-in-one with open `/live` streams and writes in flight:
 * every stream gets a final event (`shutdown`: reconnect elsewhere; or `end`) and closes, every request the
 * process had accepted is answered (no reset), and the process exits 0
 * within 10 s whatever the clients do. Nothing acknowledged is lost.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "../../platform/testing/database.ts";
import { type SseEvent, sseReader } from "../../platform/testing/sse.ts";
import { within } from "../../platform/testing/within.ts";
import {
  checkWrites,
  describeData,
  faultTest,
  fillData,
  prepareTarget,
  startAllInOne,
} from "./harness.ts";
import { probe, type Sample, startWrites } from "../load/driver.ts";
import { expensesRequest } from "../load/scenarios.js";
import { describeSamples, seconds } from "./report.ts";

/** The contract: the process is gone this long after SIGTERM. */
const EXIT_BOUND_MS = 10_000;
/** Open streams: within the per-user cap (KOPEK_LIVE_STREAMS_PER_USER, 16 by default). */
const STREAMS = 12;
/** Reads in flight when SIGTERM comes. */
const IN_FLIGHT = 8;

/** Whether a stream's last event says it ended on purpose. */
function isFinal(e: SseEvent | undefined): boolean {
  return e?.event === "shutdown" || e?.event === "end";
}

faultTest(`SIGTERM with ${STREAMS} open /live streams and writes in flight`, async (row) => {
  await using db = await createTestDatabase("kopek_faults");
  await using kopek = await startAllInOne({ KOPEK_DATABASE_URL: db.url });
  const target = await prepareTarget(kopek.base);
  const streams = await Promise.all(Array.from({ length: STREAMS }, async () => {
    const res = await fetch(`${kopek.base}/v1/groups/${target.groupId}/live`, {
      headers: { authorization: `Bearer ${target.token}` },
    });
    assert.equal(res.status, 200);
    const events = sseReader(res.body!);
    const seen: SseEvent[] = [];
    // Reads until the stream ends; answers its events after `since`.
    const ended = (async () => {
      try {
        while (true) {
          const e = await events.next();
          if (e === null) return;
          seen.push(e);
        }
      } catch {
        // a reset: what follows counts it as a stream without a final event
      }
    })();
    return { seen, ended };
  }));
  const load = startWrites(target.base, target);
  row.dataCheck = async () => describeData(await checkWrites(db.url, load));
  let term = 0;
  let pending: Promise<Sample>[] = [];
  let inFlight: Sample[] = [];
  try {
    await load.moreAcks(40, 60_000, "writes before the fault");
    // Reads in flight at SIGTERM: each waits (bounded, 2 s) for a position far ahead.
    pending = Array.from(
      { length: IN_FLIGHT },
      () => probe(kopek.base, expensesRequest(target, load.lastPosition + 1_000_000, 1)),
    );
    await new Promise((r) => setTimeout(r, 500));
    term = performance.now();
    kopek.signal("SIGTERM");
    row.recovery = `no exit within ${seconds(EXIT_BOUND_MS + 5_000)} of SIGTERM`;
    const status = await within(
      EXIT_BOUND_MS + 5_000,
      "the process to exit after SIGTERM",
      kopek.status,
    );
    const exited = performance.now();
    row.recovery = `exited ${status.code} ${seconds(exited - term)} after SIGTERM`;
    await within(5_000, "every live stream to close", Promise.all(streams.map((s) => s.ended)));
    assert.ok(exited - term <= EXIT_BOUND_MS, `exit took ${Math.round(exited - term)} ms`);
    assert.equal(status.code, 0, `exit code ${status.code}:\n${kopek.output()}`);
  } finally {
    await load.stop(0);
    inFlight = [
      ...await Promise.all(pending),
      ...load.samples.filter((s) => s.start < term && s.end >= term),
    ];
    const ended = streams.filter((s) => isFinal(s.seen.at(-1))).length;
    row.clients = `writes: ${describeSamples(load.samples)}; in flight at SIGTERM: ${
      describeSamples(inFlight)
    }; streams ended with a final event: ${ended}/${STREAMS}`;
    await fillData(row);
  }
  // Every request sent before SIGTERM was answered; later ones may be refused.
  const unanswered = [...load.samples, ...inFlight].filter((s) =>
    s.start < term && typeof s.status !== "number"
  );
  assert.equal(unanswered.length, 0, `${unanswered.length} accepted requests were not answered`);
  assert.ok(inFlight.length >= IN_FLIGHT, "requests were in flight at SIGTERM");
  const failed = [...load.samples, ...inFlight].filter((s) =>
    s.start < term && typeof s.status === "number" && s.status >= 500 &&
    (s.status !== 503 || !s.retryAfter)
  );
  assert.equal(failed.length, 0, `${failed.length} accepted requests failed other than 503`);
  const withoutEnd = streams.filter((s) => !isFinal(s.seen.at(-1))).length;
  assert.equal(withoutEnd, 0, `${withoutEnd} live streams closed without a final event`);
  const data = await checkWrites(db.url, load);
  row.data = describeData(data);
  assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
});
