import assert from "node:assert/strict";
import postgres from "postgres";
import { RECONNECT_BACKOFF_MAX_S, reconnectBackoffSeconds } from "./db.ts";
import { isDatabaseUnavailable } from "./db_unavailable.ts";

const pgError = (code: string) =>
  new postgres.PostgresError({ code, message: "x", severity: "ERROR" } as never);
const clientError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

Deno.test("isDatabaseUnavailable() is true for an unreachable, stopping or limited server", () => {
  for (const code of ["08006", "08001", "08P01", "57P01", "57P02", "57P03", "53300", "57014"]) {
    assert.ok(isDatabaseUnavailable(pgError(code)), code);
  }
  for (const code of ["25P03", "55P03", "57P05"]) assert.ok(isDatabaseUnavailable(pgError(code)));
  for (
    const code of ["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT", "ECONNREFUSED"]
  ) {
    assert.ok(isDatabaseUnavailable(clientError(code)), code);
  }
  assert.ok(isDatabaseUnavailable(new Deno.errors.ConnectionRefused("refused")));
  assert.ok(isDatabaseUnavailable(new Error("wrapped", { cause: clientError("ECONNRESET") })));
  assert.ok(isDatabaseUnavailable(new AggregateError([clientError("ECONNREFUSED")])));
});

Deno.test("isDatabaseUnavailable() is false for errors about the statement, the data or the code", () => {
  for (const code of ["23505", "22003", "42P01", "42601", "40001", "40P01", "53100", "XX000"]) {
    assert.equal(isDatabaseUnavailable(pgError(code)), false, code);
  }
  for (const e of [clientError("UNDEFINED_VALUE"), new TypeError("x"), new Error("x"), null, "s"]) {
    assert.equal(isDatabaseUnavailable(e), false, String(e));
  }
  // A code that only looks like a SQLSTATE, on an error PostgreSQL did not raise.
  assert.equal(isDatabaseUnavailable(clientError("57014")), false);
});

Deno.test("reconnectBackoffSeconds() grows from 25-50 ms and stays under its cap, with jitter", () => {
  assert.equal(reconnectBackoffSeconds(0, () => 0), 0.025);
  assert.equal(reconnectBackoffSeconds(0, () => 0.999999) < 0.05, true);
  assert.equal(reconnectBackoffSeconds(3, () => 0), 0.2);
  for (const failures of [6, 10, 100, 10_000]) {
    assert.equal(reconnectBackoffSeconds(failures, () => 0), RECONNECT_BACKOFF_MAX_S / 2);
    assert.ok(reconnectBackoffSeconds(failures) < RECONNECT_BACKOFF_MAX_S);
  }
});
