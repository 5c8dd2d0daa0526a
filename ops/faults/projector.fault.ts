/**
 * A paused projector (distributed mode, SIGSTOP then SIGCONT): while it
 * lags, the query API's `/readyz` answers 503 and read-your-writes reads
 * (`Kopek-Min-Position`) answer a bounded 503 with `Retry-After`; writes go
 * on; after SIGCONT the projector catches up and everything is served again.
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
  firstSuccessAfter,
  prepareTarget,
  RECOVERY_BOUND_MS,
  startDistributed,
  startExpenseReads,
  waitStatus,
} from "./harness.ts";
import { startWrites } from "../load/driver.ts";
import { describeSamples, seconds } from "./report.ts";

/** How long the query API may take to call itself unready once the projector stopped. */
const UNREADY_BOUND_MS = 60_000;

faultTest("SIGSTOP of the standalone projector, SIGCONT after readyz turned 503", async (row) => {
  await using db = await createTestDatabase("kopek_faults");
  await using kopek = await startDistributed(db.url);
  const target = await prepareTarget(kopek.command.base, kopek.query.base);
  const load = startWrites(target.base, target);
  row.dataCheck = async () => describeData(await checkWrites(db.url, load));
  await load.moreAcks(40, 60_000, "writes before the fault");
  const reads = startExpenseReads(kopek.query.base, target, {
    minPosition: () => load.lastPosition,
  });
  let stopped = 0;
  let resumed = 0;
  try {
    kopek.projector.signal("SIGSTOP");
    stopped = performance.now();
    const unready = await waitStatus(`${kopek.query.base}/readyz`, 503, UNREADY_BOUND_MS)
      .catch((e) => {
        throw new Error(`the query API stayed ready with the projector stopped: ${e.message}`);
      });
    kopek.projector.signal("SIGCONT");
    resumed = performance.now();
    const ready = await waitStatus(`${kopek.query.base}/readyz`, 200, RECOVERY_BOUND_MS);
    await load.moreAcks(20, RECOVERY_BOUND_MS, "writes after SIGCONT");
    const deadline = performance.now() + RECOVERY_BOUND_MS;
    while (firstSuccessAfter(reads.samples, resumed) === null && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const read = firstSuccessAfter(reads.samples, resumed);
    row.recovery = `readyz 503 ${seconds(unready - stopped)} after SIGSTOP; 200 ${
      seconds(ready - resumed)
    } after SIGCONT; first Min-Position read ${
      read === null ? "never" : seconds(read - resumed)
    } after SIGCONT`;
    assert.ok(read !== null, "no Min-Position read succeeded after SIGCONT");
  } finally {
    kopek.projector.signal("SIGCONT");
    await reads.stop();
    await load.stop(30_000);
    row.clients = `writes: ${describeSamples(load.samples)}; Min-Position reads: ${
      describeSamples(reads.samples)
    }`;
    await fillData(row);
  }
  for (const p of [kopek.command, kopek.projector, kopek.query]) {
    assert.ok(!p.exited(), `${p.task} exited:\n${p.output()}`);
  }
  const data = await checkWrites(db.url, load);
  row.data = describeData(data);
  assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
  assertBoundedAnswers([...load.samples, ...reads.samples]);
  const during = reads.samples.filter((s) => s.start >= stopped && s.start <= resumed);
  assert.ok(
    during.some((s) => s.status === 503),
    `no Min-Position read answered 503 while the projector was stopped: ${describeSamples(during)}`,
  );
});
