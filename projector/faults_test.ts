import assert from "node:assert/strict";
import postgres from "postgres";
import { z } from "zod";
import { parseGroupEvent } from "@kopek/domain";
import { sqlstateOf } from "@kopek/platform";
import { classifyFault, FAULT_MESSAGE_MAX, faultMessage } from "./faults.ts";

/** A server error as postgres.js raises it. */
function pgError(code: string, message = "boom"): Error {
  return new postgres.PostgresError({ code, message, severity: "ERROR" } as never);
}

/** A connection error as postgres.js raises it (src/errors.js `connection`). */
function connectionError(code: string): Error {
  return Object.assign(new Error(`write ${code} 127.0.0.1:5432`), {
    code,
    errno: code,
    address: "127.0.0.1",
    port: 5432,
  });
}

Deno.test("classifyFault() quarantines PostgreSQL data errors (classes 21, 22, 23, 54)", () => {
  for (
    const code of [
      "22003", // numeric value out of range: bigint overflow
      "22007", // invalid datetime format: '2026'::timestamptz
      "22008", // datetime field overflow
      "22P02", // invalid text representation: 'x'::uuid
      "22001", // string data right truncation
      "22021", // character not in repertoire
      "22P05", // untranslatable character
      "22023", // invalid parameter value
      "23502", // not null violation
      "23505", // unique violation
      "23514", // check violation
      "21000", // cardinality violation: ON CONFLICT touching a row twice
      "54000", // program limit exceeded: index row too large
      "54001", // statement too complex: JSON nested too deep
    ]
  ) {
    assert.equal(classifyFault(pgError(code)), "data", code);
  }
});

Deno.test("classifyFault() retries PostgreSQL errors about the environment", () => {
  for (
    const code of [
      "40001", // serialization failure
      "40P01", // deadlock detected
      "57014", // query canceled: statement timeout
      "57P01", // admin shutdown: pg_terminate_backend
      "57P02", // crash shutdown
      "57P03", // cannot connect now
      "57P04", // database dropped
      "57P05", // idle session timeout
      "55P03", // lock not available: lock_timeout
      "55006", // object in use
      "53100", // disk full
      "53200", // out of memory
      "53300", // too many connections
      "53400", // configuration limit exceeded
      "08006", // connection failure
      "08003", // connection does not exist
      "25P02", // in failed SQL transaction
      "25006", // read only SQL transaction (a replica promoted the wrong way)
      "42P01", // undefined table: a deploy without its migration must not quarantine everyone
      "42703", // undefined column
      "58030", // I/O error
      "XX000", // internal error
      "XX001", // data corrupted
      "P0001", // raise exception (a trigger)
      "0A000", // feature not supported
      "HV000", // foreign data wrapper error
    ]
  ) {
    assert.equal(classifyFault(pgError(code)), "environment", code);
  }
});

Deno.test("classifyFault() retries postgres.js connection errors, which carry no SQLSTATE", () => {
  for (
    const code of [
      "CONNECTION_CLOSED",
      "CONNECTION_ENDED",
      "CONNECTION_DESTROYED",
      "CONNECT_TIMEOUT",
      "ECONNREFUSED",
      "ECONNRESET",
      "EPIPE",
      "ETIMEDOUT",
      "MAX_PARAMETERS_EXCEEDED",
      "SASL_SIGNATURE_MISMATCH",
    ]
  ) {
    assert.equal(classifyFault(connectionError(code)), "environment", code);
  }
  assert.equal(
    classifyFault(Object.assign(new Error("x (B) is not supported"), {
      code: "MESSAGE_NOT_SUPPORTED",
    })),
    "environment",
  );
  // A five-character code that is not PostgreSQL's own (no PostgresError) is not a SQLSTATE.
  assert.equal(classifyFault(connectionError("22003")), "environment");
  assert.equal(sqlstateOf(connectionError("22003")), null);
  for (
    const e of [
      new Deno.errors.ConnectionReset("reset"),
      new Deno.errors.BrokenPipe("pipe"),
      new Deno.errors.TimedOut("slow"),
      new Deno.errors.ConnectionRefused("refused"),
      new DOMException("aborted", "AbortError"),
    ]
  ) {
    assert.equal(classifyFault(e), "environment", e.name);
  }
});

Deno.test("classifyFault() quarantines what the projection's own code throws", () => {
  const thrown = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e;
    }
    assert.fail("did not throw");
  };
  const cases = [
    thrown(() => BigInt("12.5")), // SyntaxError: an amount that is not an integer
    thrown(() => (undefined as unknown as { x: number }).x), // TypeError in a fold
    thrown(() => new Array(-1)), // RangeError
    thrown(() => z.string().parse(3)), // ZodError
    thrown(() => parseGroupEvent("NoSuchEvent", 1, {})), // unknown type
    thrown(() => parseGroupEvent("GroupRenamed", 1, { name: 3 })), // schema refuses the data
    new Error("malformed balance effect"),
    "a string",
    undefined,
    // postgres.js refuses an undefined parameter: a fold produced no value for a column.
    Object.assign(new Error("UNDEFINED_VALUE: Undefined values are not allowed"), {
      code: "UNDEFINED_VALUE",
    }),
  ];
  for (const e of cases) assert.equal(classifyFault(e), "data", String(e));
});

Deno.test("sqlstateOf() reads the code of server errors only", () => {
  assert.equal(sqlstateOf(pgError("22003")), "22003");
  assert.equal(sqlstateOf(new Error("x")), null);
  assert.equal(sqlstateOf(null), null);
});

Deno.test("faultMessage() is one bounded line with PostgreSQL's detail", () => {
  const e = Object.assign(pgError("23505", "duplicate key value"), { detail: "Key (id)=(1)" });
  assert.equal(faultMessage(e), "PostgresError: duplicate key value (Key (id)=(1))");
  assert.equal(faultMessage(new TypeError("a\n  b")), "TypeError: a b");
  assert.equal(faultMessage("nul\u0000here"), "nulhere");
  const long = faultMessage(new Error("x".repeat(10_000)));
  assert.equal(long.length, FAULT_MESSAGE_MAX);
  assert.ok(long.endsWith("…"));
});
