// @ts-check
/**
 * k6: monthly report reads (ADR 0033).
 * Each virtual user reads its group's monthly report, which query-api serves
 * from the reporting connection (the streaming replica;
 * `Kopek-Served-By: replica` or `primary`) without `Kopek-Min-Position`.
 *
 *   k6 run -e KOPEK_BASE_URL=http://127.0.0.1:8080 -e VUS=10 -e DURATION=1m ops/load/reports.k6.js
 *
 * Thresholds: `THRESHOLDS` in `k6_runner.js` (see ops/load/README.md).
 */
import { options as optionsFor, run, vuSession } from "./k6_runner.js";
import { SCENARIOS } from "./scenarios.js";

export const options = optionsFor("report");

export default function () {
  run(SCENARIOS["report"](vuSession(), `${__VU}.${__ITER}`));
}
