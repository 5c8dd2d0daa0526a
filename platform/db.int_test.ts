/** The time limits `connect()` gives every pool (ADR 0023), against the real server. */
import assert from "node:assert/strict";
import { connect } from "./db.ts";
import { isDatabaseUnavailable } from "./db_unavailable.ts";
import { createTestDatabase } from "./testing/mod.ts";

Deno.test("connect() sets statement and idle-in-transaction timeouts; a long job lifts them", async () => {
  await using db = await createTestDatabase("kopek_limits");
  const limited = connect(db.url, { max: 1, statementTimeoutMs: 200 });
  const job = connect(db.url, { max: 1, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 });
  const defaults = connect(db.url, { max: 1 });
  try {
    const [d] = await defaults<{ st: string; it: string }[]>`
      select current_setting('statement_timeout') as st,
             current_setting('idle_in_transaction_session_timeout') as it`;
    assert.deepEqual(d, { st: "30s", it: "1min" });
    const error = await limited`select pg_sleep(2)`.then(() => null, (e) => e);
    assert.equal(error?.code, "57014");
    assert.ok(isDatabaseUnavailable(error));
    // The pool goes on after a cancelled statement.
    assert.deepEqual([...await limited`select 1 as x`], [{ x: 1 }]);
    const [j] = await job<{ st: string; it: string }[]>`
      select current_setting('statement_timeout') as st,
             current_setting('idle_in_transaction_session_timeout') as it`;
    assert.deepEqual(j, { st: "0", it: "0" });
  } finally {
    await Promise.all([limited.end(), job.end(), defaults.end()]);
  }
});

Deno.test("the first statement of a new pool may carry arrays (the driver's array types are known before it is written)", async () => {
  await using db = await createTestDatabase("kopek_first_array");
  // Several fresh connections at once, each opened by a statement with array parameters: the
  // unpatched driver wrote that statement before registering the array types it had just looked
  // up, and sent the arrays as "a,b" (malformed array literal, once a 500 on a worker's first read).
  const sql = connect(db.url, { max: 4 });
  try {
    const select = (i: number) =>
      sql<{ names: string[]; ids: number[] }[]>`
        SELECT ${sql.array(["a", `b${i}`], 25)}::text[] AS names,
               ${sql.array([1, i], 20)}::bigint[] AS ids`;
    const answers = await Promise.all([0, 1, 2, 3].map(select));
    answers.forEach(([row], i) => assert.deepEqual(row, { names: ["a", `b${i}`], ids: [1, i] }));
  } finally {
    await sql.end();
  }
});
