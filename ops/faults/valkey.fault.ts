/**
 * Valkey killed (SIGKILL) under load and started again empty 5 s later (the
 * all-in-one with KOPEK_VALKEY_URL): writes go on (Valkey carries caches and
 * fan-out, not data), `/readyz` is 200 again by itself, and a `/live` stream
 * opened after the restart delivers the next write.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "../../platform/testing/database.ts";
import { sseReader } from "../../platform/testing/sse.ts";
import { within } from "../../platform/testing/within.ts";
import {
  assertBoundedAnswers,
  checkWrites,
  describeData,
  faultTest,
  fillData,
  firstSuccessAfter,
  prepareTarget,
  RECOVERY_BOUND_MS,
  startAllInOne,
  startValkey,
  valkeyPresent,
  waitStatus,
} from "./harness.ts";
import { startWrites } from "../load/driver.ts";
import { describeSamples, seconds } from "./report.ts";

const OUTAGE_MS = 5_000;

faultTest("Valkey killed (SIGKILL) for 5 s, then started empty", async (row) => {
  await using db = await createTestDatabase("kopek_faults");
  await using valkey = await startValkey();
  await using kopek = await startAllInOne({
    KOPEK_DATABASE_URL: db.url,
    KOPEK_VALKEY_URL: valkey.url,
  });
  const target = await prepareTarget(kopek.base);
  const load = startWrites(target.base, target);
  row.dataCheck = async () => describeData(await checkWrites(db.url, load));
  try {
    await load.moreAcks(40, 60_000, "writes before the fault");
    await valkey.kill();
    await load.moreAcks(20, RECOVERY_BOUND_MS, "writes while Valkey is down")
      .catch((e) => {
        throw new Error(`writes stopped while Valkey was down: ${e.message}`);
      });
    await new Promise((r) => setTimeout(r, OUTAGE_MS));
    await valkey.start();
    const end = performance.now();
    const ready = await waitStatus(`${kopek.base}/readyz`, 200, RECOVERY_BOUND_MS, kopek);
    // Live fan-out works again: a stream opened now sees a write made after it.
    const live = await fetch(`${kopek.base}/v1/groups/${target.groupId}/live`, {
      headers: { authorization: `Bearer ${target.token}` },
    });
    assert.equal(live.status, 200);
    const events = sseReader(live.body!);
    try {
      const before = load.acked.size;
      const seen = await within(
        RECOVERY_BOUND_MS,
        "a live event after the restart",
        (async () => {
          while (true) {
            const e = await events.next();
            if (e === null) throw new Error("the live stream ended");
            if (load.acked.size > before && e.event === "change") return performance.now();
          }
        })(),
      );
      const first = firstSuccessAfter(load.samples, end);
      row.recovery = `readyz 200 ${seconds(ready - end)}; first write ${
        first === null ? "never" : seconds(first - end)
      }; live event ${seconds(seen - end)} after the restart`;
    } finally {
      await events.cancel().catch(() => {});
    }
  } finally {
    await load.stop(kopek.exited() ? 0 : 30_000);
    row.clients = describeSamples(load.samples);
    await fillData(row);
  }
  assert.ok(!kopek.exited(), `Kopek exited:\n${kopek.output()}`);
  const data = await checkWrites(db.url, load);
  row.data = describeData(data);
  assert.deepEqual({ lost: data.lost, doubled: data.doubled }, { lost: 0, doubled: 0 });
  assertBoundedAnswers(load.samples);
}, { ignore: !(await valkeyPresent()) && "no redis-server" });
