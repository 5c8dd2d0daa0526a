import assert from "node:assert/strict";
import { readinessDetail } from "./readiness.ts";

Deno.test("readinessDetail() names the lag, and the quarantined streams when there are any", () => {
  assert.equal(readinessDetail(0, 0), "lag 0 events");
  assert.equal(readinessDetail(12, 0), "lag 12 events");
  assert.equal(readinessDetail(0, 1), "lag 0 events; 1 stream quarantined (kopek quarantine list)");
  assert.equal(
    readinessDetail(3, 2),
    "lag 3 events; 2 streams quarantined (kopek quarantine list)",
  );
});
