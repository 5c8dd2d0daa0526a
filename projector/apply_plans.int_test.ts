/**
 * A batch's statements run with generic plans (ADR 0074): a custom plan
 * would fold each bulk parameter (thousands of values in one array literal)
 * into a constant while planning. The setting is the batch transaction's
 * only (`SET LOCAL`), whoever applies the batch (`applyIsolated`).
 */
import assert from "node:assert/strict";
import type { GroupEvent } from "@kopek/domain";
import { connect } from "@kopek/platform";
import { applyIsolated } from "./apply.ts";
import type { Projection } from "./projection.ts";
import { LIVE_QUARANTINE } from "./quarantine.ts";
import { envelopesOf } from "./testing/envelopes.ts";
import { projectorTestEnv } from "./testing/setup.ts";

Deno.test("applyIsolated(): the projection's statements run with generic plans, in the batch's transaction only", async () => {
  await using env = await projectorTestEnv();
  const seen: string[] = [];
  const probe: Projection = {
    name: "groups",
    tables: [],
    migrations: new URL("./projections/groups/migrations/", import.meta.url),
    apply: async (tx) => {
      const [{ mode }] = await tx<{ mode: string }[]>`
        SELECT current_setting('plan_cache_mode') AS mode`;
      seen.push(mode);
    },
  };
  const events = envelopesOf(crypto.randomUUID(), [
    { type: "GroupRenamed", data: { name: "x" } } as unknown as GroupEvent,
  ]);
  // One connection: the query after the transaction runs in the same session.
  const conn = connect(env.db.url, { max: 1 });
  try {
    const after = await conn.begin(async (tx) => {
      await applyIsolated(tx, probe, { envelopes: events, unreadable: [] }, LIVE_QUARANTINE);
      const [{ mode }] = await tx<{ mode: string }[]>`
        SELECT current_setting('plan_cache_mode') AS mode`;
      return mode;
    });
    assert.deepEqual(seen, ["force_generic_plan"]);
    assert.equal(after, "force_generic_plan");
    const [{ mode }] = await conn<{ mode: string }[]>`
      SELECT current_setting('plan_cache_mode') AS mode`;
    assert.equal(mode, "auto", "the session's setting is unchanged after the batch");
  } finally {
    await conn.end();
  }
});
