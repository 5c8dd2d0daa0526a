/**
 * Routes that read a group's row after its access check: while the access read model knows a new
 * group and the route's read model does not yet (each projection has its own checkpoint), the read
 * waits and then answers, or answers 503 `position_not_reached` once its wait is over; never a 404.
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { createTokenIssuer } from "@kopek/platform";
import { accessProjection, checkpointPosition, createProjector } from "@kopek/projector";
import { createSimGroup, toNewEvents } from "../projector/testing/builder.ts";
import { drain, projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { createQueryApi } from "./mod.ts";

Deno.test("a group the access model knows but the route's read model not yet is waited for, never a 404", async () => {
  await using env = await projectorTestEnv();
  const logger = quietLogger();
  const tokens = createTokenIssuer({ secret: "test-secret-test-secret-test-secret" });
  const { group, events } = createSimGroup({ name: "New flat", members: 2 });
  const { position } = await env.store.append({
    stream: group.stream,
    expectedVersion: 0,
    events: toNewEvents(events, group.ownerUserId),
  });
  // Only the access projection applies the group. Rounds may apply nothing for a moment (another
  // transaction of the server holds the horizon back).
  const accessOnly = createProjector({
    sql: env.sql,
    store: env.store,
    logger,
    projections: [accessProjection],
  });
  while (await checkpointPosition(env.sql, [accessProjection.name]) < position) {
    if (await accessOnly.runOnce() === 0) await new Promise((r) => setTimeout(r, 10));
  }
  const token = (await tokens.issue(group.ownerUserId)).token;
  const g = group.groupId;
  const paths = [
    `/v1/groups/${g}`,
    `/v1/groups/${g}/members`,
    `/v1/groups/${g}/balances`,
    `/v1/groups/${g}/activity`,
    `/v1/groups/${g}/export.csv`,
    `/v1/groups/${g}/reports/monthly`,
  ];
  const app = (minPositionTimeoutMs: number) =>
    createQueryApi({ sql: env.sql, store: env.store, tokens, logger, minPositionTimeoutMs });
  const get = (api: ReturnType<typeof app>, path: string) =>
    api.request(path, { headers: { authorization: `Bearer ${token}` } });
  const impatient = app(100);
  const patient = app(60_000);
  try {
    // The route's read model does not catch up within the read's wait: retry later.
    for (const path of paths) {
      const early = await get(impatient, path);
      assertEquals(early.status, 503, path);
      assertEquals((await early.json()).code, "position_not_reached", path);
      assertEquals(early.headers.get("retry-after"), "1", path);
    }
    // While the reads wait, the whole projector catches up: they then answer.
    const waiting = paths.map((path) => get(patient, path));
    await drain(createProjector({ sql: env.sql, store: env.store, logger }), env.sql, position);
    for (const [i, answered] of (await Promise.all(waiting)).entries()) {
      assertEquals(answered.status, 200, paths[i]);
      await answered.body?.cancel();
    }
    const report = await get(patient, `/v1/groups/${g}/reports/monthly`);
    ok(Number(report.headers.get("kopek-position")) >= position);
    assertEquals((await report.json()).currency, group.state.currency);
  } finally {
    await impatient.close();
    await patient.close();
  }
});
