import assert from "node:assert/strict";
import { createMemoryCommandApi, requestApp } from "./_memory_testing.ts";

Deno.test("deleting an account unlinks its members, ends its sessions and frees its address", async () => {
  const api = createMemoryCommandApi();
  const email = `ana-${crypto.randomUUID()}@example.com`;
  const password = "correct horse battery staple";
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", {
    email,
    password,
    displayName: "Ana",
  });
  const token = reg.body.token;
  const group = await requestApp(api.app, token, "POST", "/v1/groups", {
    name: "Flat",
    currency: "EUR",
  });
  assert.equal(group.status, 201, group.text);
  const wrong = await requestApp(api.app, token, "DELETE", "/v1/me", { password: "nope" });
  assert.equal(wrong.status, 403, wrong.text);
  const deleted = await requestApp(api.app, token, "DELETE", "/v1/me", { password });
  assert.equal(deleted.status, 200, deleted.text);
  const types = (await api.store.readStream(`group-${group.body.id}`)).map((e) => e.type);
  assert.equal(types.at(-1), "MemberUnlinked");
  assert.ok(api.ended.some((e) => e.userId === reg.body.user.id && e.sessionId === null));
  const again = await requestApp(api.app, null, "POST", "/v1/auth/register", {
    email,
    password,
    displayName: "Ana again",
  });
  assert.equal(again.status, 201, again.text);
});
