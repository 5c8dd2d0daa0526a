// @ts-check
/**
 * k6: expense writes with client-chosen ids (ADR 0033). Each virtual user
 * signs up, creates a group, then records expenses one after another; a
 * write answered 429/502/503/504 or not at all is retried with the same id
 * and body (honouring `Retry-After`), which the contract answers with the
 * original result and no new event.
 *
 *   k6 run -e KOPEK_BASE_URL=http://127.0.0.1:8080 -e VUS=10 -e DURATION=1m ops/load/writes.k6.js
 *
 * Thresholds: `THRESHOLDS` in `k6_runner.js` (see ops/load/README.md).
 */
import { options as optionsFor, run, vuSession } from "./k6_runner.js";
import { SCENARIOS } from "./scenarios.js";

export const options = optionsFor("write");

export default function () {
  run(SCENARIOS.write(vuSession(), `${__VU}.${__ITER}`));
}
