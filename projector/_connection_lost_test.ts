import assert from "node:assert/strict";
import postgres from "postgres";
import { holdIfConnectionLost, isConnectionLost } from "./_connection_lost.ts";

const pgError = (code: string) =>
  new postgres.PostgresError({ code, message: "x", severity: "FATAL" } as never);
const clientError = (code: string) => Object.assign(new Error(`write ${code}`), { code });

Deno.test("isConnectionLost() is true only when the connection is gone", () => {
  for (const e of ["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "ECONNRESET", "EPIPE"]) {
    assert.ok(isConnectionLost(clientError(e)), e);
  }
  assert.ok(isConnectionLost(pgError("57P01")));
  assert.ok(isConnectionLost(new Deno.errors.ConnectionReset("reset")));
  // Errors that leave the connection usable: the body must fail as usual.
  for (const e of [pgError("57014"), pgError("40P01"), pgError("22003"), pgError("55P03")]) {
    assert.equal(isConnectionLost(e), false, e.code);
  }
  for (const e of [clientError("CONNECT_TIMEOUT"), new TypeError("x"), undefined, "s"]) {
    assert.equal(isConnectionLost(e), false, String(e));
  }
});

Deno.test({
  name: "holdIfConnectionLost() passes results and other errors on, and holds a lost connection",
  async fn() {
    assert.equal(await holdIfConnectionLost(() => Promise.resolve(7)), 7);
    await assert.rejects(
      holdIfConnectionLost(() => Promise.reject(pgError("57014"))),
      (e) => (e as { code?: string }).code === "57014",
    );
    const held = holdIfConnectionLost(() => Promise.reject(clientError("CONNECTION_CLOSED")));
    const outcome = await Promise.race([
      held.then(() => "settled", () => "settled"),
      new Promise((r) => setTimeout(() => r("pending"), 50)),
    ]);
    assert.equal(outcome, "pending");
  },
});
