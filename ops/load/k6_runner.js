// @ts-check
/**
 * The k6 side of the shared scenarios (`scenarios.js`, ADR 0033): drives a
 * scenario's generator with k6's `http.request`, `sleep` and `check`, and
 * the options every script shares (the target, the thresholds).
 *
 * Variables (`k6 run -e NAME=value`): `KOPEK_BASE_URL` (default
 * `http://127.0.0.1:8080`), `VUS` (default 10), `DURATION` (default `1m`).
 *
 * @module
 */
import http from "k6/http";
import { check, sleep } from "k6";
import { signUp } from "./scenarios.js";

/** Where the load goes: the balancer (or an all-in-one Kopek). */
export const BASE_URL = (__ENV.KOPEK_BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");

/** How long a request may take before k6 gives up on it (the contract's bounds plus margin). */
const TIMEOUT = "45s";

/**
 * The thresholds every script declares: fewer than 1 % failed requests
 * (statuses other than the request's expected ones; a retried 503 counts),
 * at least 99 % of the contract's checks true, and the latency of each kind
 * of request. Writes wait for PostgreSQL's commit; reads with
 * `Kopek-Min-Position` may wait up to 2 s by contract.
 *
 * @type {import("k6/options").Options["thresholds"]}
 */
export const THRESHOLDS = {
  http_req_failed: ["rate<0.01"],
  checks: ["rate>0.99"],
  "http_req_duration{name:record expense}": ["p(95)<500", "p(99)<1500"],
  "http_req_duration{name:balances}": ["p(95)<300", "p(99)<1000"],
  "http_req_duration{name:expenses}": ["p(95)<300", "p(99)<1000"],
  "http_req_duration{name:balances (min position)}": ["p(95)<1000", "p(99)<2500"],
  "http_req_duration{name:expenses (min position)}": ["p(95)<1000", "p(99)<2500"],
  "http_req_duration{name:monthly report}": ["p(95)<500", "p(99)<1500"],
};

/**
 * The options of a script running `scenario` (its k6 scenario name) with
 * `VUS` looping virtual users for `DURATION`.
 *
 * @param {string} scenario
 * @returns {import("k6/options").Options}
 */
export function options(scenario) {
  return {
    scenarios: {
      [scenario]: {
        executor: "constant-vus",
        vus: Number(__ENV.VUS || 10),
        duration: __ENV.DURATION || "1m",
        gracefulStop: "50s",
      },
    },
    thresholds: THRESHOLDS,
    // Only the figures that matter: one series per request name, not per URL.
    systemTags: ["status", "method", "name", "scenario", "check", "error_code"],
  };
}

/**
 * Lower-cases the names of k6's (canonicalised) response headers.
 *
 * @param {Record<string, string>} headers
 * @returns {Record<string, string>}
 */
function lowerCase(headers) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * Runs a scenario to its end: sends its requests (tagged with their names),
 * pauses its pauses, counts its checks; answers what it returned.
 *
 * @template T
 * @param {import("./scenarios.js").Scenario<T>} scenario
 * @returns {T}
 */
export function run(scenario) {
  let next = scenario.next();
  while (!next.done) {
    const step = next.value;
    if (step.kind === "sleep") {
      sleep(step.seconds);
      next = scenario.next(undefined);
    } else if (step.kind === "checks") {
      /** @type {Record<string, () => boolean>} */
      const checkers = {};
      for (const [name, ok] of Object.entries(step.checks)) checkers[name] = () => ok;
      check(null, checkers, { name: step.name });
      next = scenario.next(undefined);
    } else {
      const hasBody = step.body !== undefined;
      const res = http.request(
        step.method,
        `${BASE_URL}${step.path}`,
        hasBody ? JSON.stringify(step.body) : null,
        {
          headers: hasBody ? { ...step.headers, "content-type": "application/json" } : step.headers,
          tags: { name: step.name },
          timeout: TIMEOUT,
          responseCallback: http.expectedStatuses(...step.expect),
        },
      );
      let body = null;
      try {
        body = typeof res.body === "string" && res.body ? JSON.parse(res.body) : null;
      } catch {
        body = null;
      }
      next = scenario.next({ status: res.status, headers: lowerCase(res.headers), body });
    }
  }
  return next.value;
}

/** @type {import("./scenarios.js").Session | undefined} */
let session;

/**
 * This virtual user's session: signed up on its first iteration (each VU
 * is its own user, so the per-user write limit is per VU).
 *
 * @returns {import("./scenarios.js").Session}
 */
export function vuSession() {
  if (!session) session = run(signUp(`k6-vu${__VU}`));
  return session;
}
