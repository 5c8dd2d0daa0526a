import assert from "node:assert/strict";
import { createMemoryCommandApi } from "../_memory_testing.ts";

Deno.test("POST /v1/sync answers each command's status and body, and the last position", async () => {
  const api = createMemoryCommandApi();
  const ana = await api.user("Ana");
  const groupId = crypto.randomUUID();
  const create = {
    id: crypto.randomUUID(),
    type: "group.create",
    groupId,
    body: { name: "Flat", currency: "EUR" },
  };
  const rename = { id: crypto.randomUUID(), type: "group.update", groupId, body: { name: "Home" } };
  const bad = { id: crypto.randomUUID(), type: "group.update", groupId, body: {} };
  const answer = await ana.send("POST", "/v1/sync", { commands: [create, rename, bad] });
  assert.equal(answer.status, 200, answer.text);
  const [c, r, b] = answer.body.results;
  assert.deepEqual([c.status, r.status, b.status], [201, 200, 422]);
  assert.equal(c.result.id, groupId);
  assert.equal(r.result.name, "Home");
  assert.equal(b.problem.code, "validation");
  assert.equal(answer.body.position, r.result.position);
  assert.equal(answer.headers.get("kopek-position"), String(r.result.position));
  // Sent again (the client did not hear the answer): the same results, nothing appended.
  const head = await api.store.headPosition();
  const again = await ana.send("POST", "/v1/sync", { commands: [create, rename] });
  assert.deepEqual(again.body.results, answer.body.results.slice(0, 2));
  assert.equal(await api.store.headPosition(), head);
});
