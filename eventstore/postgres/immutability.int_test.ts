import assert from "node:assert/strict";
import { testEvent } from "../contract.ts";
import { createStoreDatabase } from "./_testing.ts";

Deno.test("events table refuses UPDATE, DELETE and TRUNCATE", async () => {
  await using made = await createStoreDatabase();
  const sql = made.db.sql;
  await made.store.append({ stream: "s", expectedVersion: 0, events: [testEvent("a")] });
  await assert.rejects(sql`UPDATE events SET type = 'forged'`, /append-only: UPDATE/);
  await assert.rejects(sql`DELETE FROM events`, /append-only: DELETE/);
  await assert.rejects(sql`DELETE FROM events WHERE false`, /append-only: DELETE/);
  await assert.rejects(sql`TRUNCATE events`, /append-only: TRUNCATE/);
  await assert.rejects(sql`TRUNCATE events, command_log`, /append-only: TRUNCATE/);
  const [row] = await sql`SELECT count(*)::int AS n, min(type) AS type FROM events`;
  assert.deepEqual({ ...row }, { n: 1, type: "a" });
});
