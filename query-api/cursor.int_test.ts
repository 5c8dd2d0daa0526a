/**
 * A cursor is opaque to clients, but it is only base64url JSON, and what it
 * holds reaches SQL: a forged one must be a 422 like any other bad query
 * parameter. Two passed the cursor schemas and then failed in PostgreSQL (a
 * 500, found by `e2e/fuzz/fuzz.int_test.ts`): a group name holding NUL, and an
 * entry date in year 0.
 */
import assert from "node:assert/strict";
import { createTokenIssuer } from "@kopek/platform";
import { createProjector } from "@kopek/projector";
import { createSimGroup, toNewEvents } from "../projector/testing/builder.ts";
import { drain, projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { createQueryApi } from "./mod.ts";

/** base64url of JSON, as the service writes its cursors. */
function cursorOf(v: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(v));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replaceAll("=", "");
}

Deno.test("createQueryApi() answers 422 to forged cursors PostgreSQL cannot take", async () => {
  await using env = await projectorTestEnv();
  const logger = quietLogger();
  const tokens = createTokenIssuer({ secret: "test-secret-test-secret-test-secret" });
  const projector = createProjector({ sql: env.sql, store: env.store, logger });
  const api = createQueryApi({ sql: env.sql, store: env.store, tokens, logger });
  try {
    const { group, events } = createSimGroup({ name: "Lisbon trip" });
    const { position } = await env.store.append({
      stream: group.stream,
      expectedVersion: 0,
      events: toNewEvents(events, group.ownerUserId),
    });
    await drain(projector, env.sql, position);
    const token = (await tokens.issue(group.ownerUserId)).token;
    const get = (path: string) =>
      api.request(path, { headers: { authorization: `Bearer ${token}` } });

    const uuid = crypto.randomUUID();
    for (
      const path of [
        `/v1/groups?cursor=${cursorOf({ n: "\u0000", i: uuid })}`,
        `/v1/groups?cursor=${cursorOf({ n: "Lisbon\u0000trip", i: uuid })}`,
        `/v1/groups/${group.groupId}/expenses?cursor=${cursorOf({ d: "0000-01-01", p: 1 })}`,
      ]
    ) {
      const res = await get(path);
      assert.equal(res.status, 422, path);
      assert.deepEqual((await res.json()).errors, [
        { path: "query.cursor", message: "is not a valid cursor" },
      ]);
    }

    // Well-formed keys that no page had are just pages after them.
    const after = await get(`/v1/groups?cursor=${cursorOf({ n: "Lisbon", i: uuid })}`);
    assert.equal(after.status, 200);
    assert.deepEqual((await after.json()).items.map((g: { id: string }) => g.id), [
      group.groupId,
    ]);
    const entries = await get(
      `/v1/groups/${group.groupId}/expenses?cursor=${cursorOf({ d: "0001-01-01", p: 1 })}`,
    );
    assert.equal(entries.status, 200);
    await entries.body?.cancel();
  } finally {
    await api.close();
  }
});
