// @ts-check
/**
 * k6: read-your-writes (ADR 0033).
 * Each virtual user records an expense, then reads the expense list and the
 * balances with `Kopek-Min-Position` set to the write's position: the query
 * side answers once its read models reached it (`Kopek-Position` ≥ it) or
 * 503 with `Retry-After` after 2 s, which the scenario honours and retries.
 *
 *   k6 run -e KOPEK_BASE_URL=http://127.0.0.1:8080 -e VUS=10 -e DURATION=1m ops/load/read-your-writes.k6.js
 *
 * Thresholds: `THRESHOLDS` in `k6_runner.js` (see ops/load/README.md).
 */
import { options as optionsFor, run, vuSession } from "./k6_runner.js";
import { SCENARIOS } from "./scenarios.js";

export const options = optionsFor("read-your-writes");

export default function () {
  run(SCENARIOS["read-your-writes"](vuSession(), `${__VU}.${__ITER}`));
}
