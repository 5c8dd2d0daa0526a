import assert from "node:assert/strict";
import { createInProcessBus, ProblemError, type Sql } from "@kopek/platform";
import { accessCacheKey } from "@kopek/projector";
import { requireGroupRole } from "./_http.ts";

const GROUP = "0193a0a0-0000-7000-8000-000000000001";
const ANA = "0193a0a0-0000-7000-8000-0000000000aa";
/** Never queried: every answer below comes from the cached access map. */
const noDatabase = (() => {
  throw new Error("no query expected");
}) as unknown as Sql;

Deno.test("requireGroupRole() answers a member's role and 404 to anyone else", async () => {
  const bus = createInProcessBus();
  await bus.set(accessCacheKey(GROUP), JSON.stringify({ [ANA]: "owner" }), 60_000);
  assert.equal(await requireGroupRole({ sql: noDatabase, bus }, GROUP, ANA), "owner");
  await assert.rejects(
    requireGroupRole({ sql: noDatabase, bus }, GROUP, crypto.randomUUID()),
    (e) => e instanceof ProblemError && e.problem.status === 404,
  );
  await bus.close();
});

Deno.test("requireGroupRole() fails closed with 503 group_unavailable while the group's access is quarantined", async () => {
  const bus = createInProcessBus();
  // What the access read model answers for a quarantined group (ADR 0016).
  await bus.set(accessCacheKey(GROUP), "null", 60_000);
  await assert.rejects(
    requireGroupRole({ sql: noDatabase, bus }, GROUP, ANA),
    (e) =>
      e instanceof ProblemError && e.problem.status === 503 &&
      e.problem.code === "group_unavailable" && e.headers?.["Retry-After"] === "60",
  );
  await bus.close();
});
