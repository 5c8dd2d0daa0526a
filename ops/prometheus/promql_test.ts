import assert from "node:assert/strict";
import { dashboardExpressions, exportedNames, metricNames } from "./promql.ts";

Deno.test("metricNames: the families an expression selects, not its functions, labels or numbers", () => {
  assert.deepEqual(
    [...metricNames(
      'sum by (job) (rate(kopek_http_requests_total{status=~"5..",job=~"$job"}[5m])) / sum by (job) (rate(kopek_http_requests_total[$__rate_interval])) > 0.05',
    )],
    ["kopek_http_requests_total"],
  );
  assert.deepEqual(
    [...metricNames(
      "histogram_quantile(0.99, sum by (job, le) (rate(kopek_http_request_duration_seconds_bucket[5m]))) > 1",
    )],
    ["kopek_http_request_duration_seconds_bucket"],
  );
  assert.deepEqual(
    [...metricNames(
      "predict_linear(kopek_storage_free_bytes[6h], 24 * 3600) < on (job, instance) group_left kopek_storage_min_free_bytes",
    )].sort(),
    ["kopek_storage_free_bytes", "kopek_storage_min_free_bytes"],
  );
  assert.deepEqual(
    [...metricNames(
      "(time() - a_seconds > 43200) and on (job, instance) (time() - process_start_time_seconds offset 1h > 1e3) or max(b) == 0",
    )].sort(),
    ["a_seconds", "b", "process_start_time_seconds"],
  );
  assert.deepEqual([...metricNames('sum(rate(x_total{a="sum(y)"}[1m])) by (le)')], ["x_total"]);
});

Deno.test("dashboardExpressions: panel targets and label_values variables", () => {
  assert.deepEqual(
    dashboardExpressions({
      panels: [{ targets: [{ expr: "a" }, { expr: "b" }] }],
      templating: { list: [{ definition: "label_values(c_total, job)" }] },
    }),
    ["a", "b", "c_total"],
  );
});

Deno.test("exportedNames: families from # TYPE (histograms with their series) and samples", () => {
  const names = exportedNames(
    [
      "# HELP h_seconds x",
      "# TYPE h_seconds histogram",
      "# TYPE c_total counter",
      'g{a="1"} 2',
      "u 1",
    ].join("\n"),
  );
  assert.deepEqual(
    [...names].sort(),
    ["c_total", "g", "h_seconds", "h_seconds_bucket", "h_seconds_count", "h_seconds_sum", "u"],
  );
});
