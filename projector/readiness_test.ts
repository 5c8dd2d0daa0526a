import assert from "node:assert/strict";
import { LOOP_STUCK_SECONDS, projectorLoopCheck, readinessDetail } from "./readiness.ts";

Deno.test("readinessDetail() names the lag, and the quarantined streams when there are any", () => {
  assert.equal(readinessDetail(0, 0), "lag 0 events");
  assert.equal(readinessDetail(12, 0), "lag 12 events");
  assert.equal(readinessDetail(0, 1), "lag 0 events; 1 stream quarantined (kopek quarantine list)");
  assert.equal(
    readinessDetail(3, 2),
    "lag 3 events; 2 streams quarantined (kopek quarantine list)",
  );
});

Deno.test("readinessDetail() says when the oldest event waited too long", () => {
  assert.equal(
    readinessDetail(12, 1, 75.4),
    "lag 12 events, the oldest waiting 75 s (the projector is not advancing); " +
      "1 stream quarantined (kopek quarantine list)",
  );
});

Deno.test("projectorLoopCheck() fails when no round ended for the stuck bound, or the loop is not running", async () => {
  let since: number | null = 1_200;
  const check = projectorLoopCheck({ sinceLastRoundMs: () => since }, LOOP_STUCK_SECONDS);
  assert.deepEqual(await check.check(), { ok: true, detail: "last round 1 s ago" });
  since = LOOP_STUCK_SECONDS * 1000;
  assert.equal((await check.check()).ok, true);
  since = LOOP_STUCK_SECONDS * 1000 + 1;
  assert.deepEqual(await check.check(), {
    ok: false,
    detail: `no round ended for ${LOOP_STUCK_SECONDS} s (stuck)`,
  });
  since = null;
  assert.deepEqual(await check.check(), { ok: false, detail: "not running" });
});
