// @ts-check
/**
 * k6: the mixed scenario (ADR 0033).
 * One iteration is what a busy group's clients do: two expense writes (one
 * read back with `Kopek-Min-Position`), balances and expense-list reads, and
 * a monthly report read (the replica).
 *
 *   k6 run -e KOPEK_BASE_URL=http://127.0.0.1:8080 -e VUS=10 -e DURATION=1m ops/load/mixed.k6.js
 *
 * Thresholds: `THRESHOLDS` in `k6_runner.js` (see ops/load/README.md).
 */
import { options as optionsFor, run, vuSession } from "./k6_runner.js";
import { SCENARIOS } from "./scenarios.js";

export const options = optionsFor("mixed");

export default function () {
  run(SCENARIOS["mixed"](vuSession(), `${__VU}.${__ITER}`));
}
