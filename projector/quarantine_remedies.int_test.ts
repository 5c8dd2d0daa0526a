/**
 * The operator's remedies for a quarantined stream (ADR 0016) against real PostgreSQL: retry after
 * a fixed release applies its skipped events in order, skip records the decision and rebuilds
 * honour it.
 */
import assert from "node:assert/strict";
import { createProjector } from "./projector.ts";
import type { Projection } from "./projection.ts";
import { PROJECTIONS } from "./projections/mod.ts";
import { balancesProjection } from "./projections/balances/apply.ts";
import { listQuarantine } from "./quarantine.ts";
import {
  listSkipped,
  QuarantineError,
  retryQuarantined,
  skipQuarantined,
} from "./quarantine_remedies.ts";
import { rebuildProjections } from "./rebuild.ts";
import { nextEvents, rng } from "./testing/builder.ts";
import { appendUnrecorded, unreadableEvent } from "./testing/poison.ts";
import {
  appendTo,
  assertReadModels,
  drain,
  projectorTestEnv,
  quietLogger,
} from "./testing/setup.ts";
import { ALL, newGroups, quarantined, rows, writeSome } from "./testing/quarantine_kit.ts";

function buggyBalances(bug: { on: boolean }) {
  const wrapped: Projection = {
    ...balancesProjection,
    async apply(tx, events) {
      if (bug.on) {
        for (const e of events) {
          if ("description" in e.event.data && e.event.data.description === "Trigger") {
            throw new TypeError("cannot read properties of undefined (reading 'paid')");
          }
        }
      }
      await balancesProjection.apply(tx, events);
    },
  };
  return PROJECTIONS.map((p) => p.name === "balances" ? wrapped : p);
}

Deno.test("retryQuarantined() after a fixed release applies the stream's skipped events in order and lifts the quarantine; failing again it counts the attempt", async () => {
  await using env = await projectorTestEnv();
  const bug = { on: true };
  const projections = buggyBalances(bug);
  const projector = createProjector({
    sql: env.sql,
    store: env.store,
    logger: quietLogger(),
    projections,
    batchSize: 7,
  });
  const [g, other] = await newGroups(env.store, 2);
  const random = rng(5);
  await writeSome(env.store, [g, other], 3, 6);
  // The trigger (the group's next new expense), then amends and voids (order matters), then more.
  let triggerAt = 0;
  while (triggerAt === 0) {
    const events = nextEvents(g, random);
    if (events[0].type === "ExpenseRecorded") {
      (events[0].data as { description: string }).description = "Trigger";
      triggerAt = await appendTo(env.store, g, events);
    } else {
      await appendTo(env.store, g, events);
    }
  }
  let last = await writeSome(env.store, [g, other], 12, 7);
  await drain(projector, env.sql, last);
  assert.deepEqual(await quarantined(env.sql), rows([[["balances"], g, triggerAt]]));
  await assertReadModels(env.sql, [other]);

  const options = { sql: env.sql, store: env.store, logger: quietLogger(), projections };
  // Not fixed yet: stays quarantined, attempts 2, the new error.
  const again = await retryQuarantined(options, { stream: g.stream });
  assert.equal(again.length, 1);
  assert.equal(again[0].applied, 0);
  assert.equal(again[0].quarantine?.position, triggerAt);
  assert.equal(again[0].quarantine?.attempts, 2);
  assert.match(again[0].quarantine?.error ?? "", /TypeError/);

  // The fixed release: the retry applies the stream in order and lifts the quarantine.
  bug.on = false;
  const lifted = await retryQuarantined(options, { stream: g.groupId, projection: "balances" });
  assert.equal(lifted.length, 1);
  assert.equal(lifted[0].quarantine, null);
  assert.ok(lifted[0].applied > 12);
  assert.deepEqual(await listQuarantine(env.sql), []);
  await assertReadModels(env.sql, [g, other]);
  // The runner goes on with the stream's next events.
  last = await writeSome(env.store, [g, other], 5, 8);
  await drain(projector, env.sql, last);
  await assertReadModels(env.sql, [g, other]);
  await assert.rejects(retryQuarantined(options, { stream: g.stream }), QuarantineError);
  await assert.rejects(
    retryQuarantined(options, { projection: "nope" }),
    /nope is not a projection/,
  );
});

Deno.test("skipQuarantined() records the operator's decision, applies the stream's later events in order, and rebuilds honour it", async () => {
  await using env = await projectorTestEnv();
  const logger = quietLogger();
  const projector = createProjector({ sql: env.sql, store: env.store, logger, batchSize: 9 });
  const [g, other] = await newGroups(env.store, 2);
  await writeSome(env.store, [g, other], 4, 9);
  const badAt = await appendUnrecorded(env.store, g, [unreadableEvent()]);
  let last = await writeSome(env.store, [g, other], 6, 10);
  await drain(projector, env.sql, last);
  assert.deepEqual(await quarantined(env.sql), rows([[ALL, g, badAt]]));
  const options = { sql: env.sql, store: env.store, logger };

  await assert.rejects(
    skipQuarantined(options, { stream: g.stream, position: badAt + 1, decidedBy: "ops" }),
    /only the event it stopped at can be skipped/,
  );
  await assert.rejects(
    skipQuarantined(options, { stream: other.stream, position: badAt, decidedBy: "ops" }),
    /is not quarantined/,
  );
  await assert.rejects(
    skipQuarantined(options, { stream: g.stream, position: badAt, decidedBy: " " }),
    /say who decides/,
  );
  // One projection first, then the rest.
  const one = await skipQuarantined(options, {
    stream: g.stream,
    position: badAt,
    decidedBy: "ana@example.com",
    reason: "forged rename from an import",
    projection: "groups",
  });
  assert.deepEqual(one.map((o) => [o.projection, o.quarantine]), [["groups", null]]);
  const rest = await skipQuarantined(options, {
    stream: g.groupId,
    position: badAt,
    decidedBy: "ana@example.com",
  });
  assert.deepEqual(rest.map((o) => o.projection).sort(), ALL.filter((n) => n !== "groups"));
  assert.ok(rest.every((o) => o.quarantine === null && o.applied === 6));
  assert.deepEqual(await listQuarantine(env.sql), []);
  await assertReadModels(env.sql, [g, other]);
  const skipped = await listSkipped(env.sql);
  assert.deepEqual(skipped.map((s) => [s.projection, s.position, s.decidedBy]).sort(), [
    ...ALL.map((n) => [n, badAt, "ana@example.com"]),
  ]);
  assert.equal(
    skipped.find((s) => s.projection === "groups")?.reason,
    "forged rename from an import",
  );
  assert.ok(skipped.every((s) => s.dbUser !== "" && s.eventType === "GroupRenamed"));

  last = await writeSome(env.store, [g, other], 3, 11);
  await drain(projector, env.sql, last);
  await assertReadModels(env.sql, [g, other]);
  // A rebuild from the whole log skips it too: nothing quarantined, the same read models.
  const rebuilt = await rebuildProjections({ sql: env.sql, store: env.store, logger }, ALL);
  assert.equal(rebuilt.quarantined, 0);
  assert.deepEqual(await listQuarantine(env.sql), []);
  await assertReadModels(env.sql, [g, other]);
});
