// @ts-check
/**
 * k6: reads of a group's balances and expense list (ADR 0033).
 * Each virtual user signs up and creates a group, then reads its balances and
 * the first page of its expenses (newest first) without `Kopek-Min-Position`,
 * as an open page polls. Writes no expense: run it beside writes.k6.js, or
 * use mixed.k6.js, for reads of a growing ledger.
 *
 *   k6 run -e KOPEK_BASE_URL=http://127.0.0.1:8080 -e VUS=10 -e DURATION=1m ops/load/ledger.k6.js
 *
 * Thresholds: `THRESHOLDS` in `k6_runner.js` (see ops/load/README.md).
 */
import { options as optionsFor, run, vuSession } from "./k6_runner.js";
import { SCENARIOS } from "./scenarios.js";

export const options = optionsFor("ledger");

export default function () {
  run(SCENARIOS["ledger"](vuSession(), `${__VU}.${__ITER}`));
}
