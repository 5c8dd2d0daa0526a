import assert from "node:assert/strict";
import { createMemoryCommandApi } from "../_memory_testing.ts";
import { ifMatchVersion, parseIfMatch } from "./ledger.ts";

Deno.test("ifMatchVersion() reads quoted, weak and bare versions; * is any", () => {
  assert.equal(ifMatchVersion('"3"'), 3);
  assert.equal(ifMatchVersion('W/"3"'), 3);
  assert.equal(ifMatchVersion("3"), 3);
  assert.equal(ifMatchVersion("*"), undefined);
  assert.equal(ifMatchVersion('"x"'), null);
  assert.equal(parseIfMatch(undefined), undefined);
  assert.throws(() => parseIfMatch("nope"));
});

Deno.test("a write route answers the command's status, body, ETag and position", async () => {
  const api = createMemoryCommandApi();
  const ana = await api.user("Ana");
  const created = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.headers.get("etag"), null);
  assert.equal(created.headers.get("kopek-position"), String(created.body.position));
  const g = created.body.id;
  const added = await ana.send("POST", `/v1/groups/${g}/members`, { name: "Bo", role: "member" });
  assert.equal(added.status, 201, added.text);
  assert.equal(added.headers.get("etag"), '"1"');
  const renamed = await ana.send("PATCH", `/v1/groups/${g}/members/${added.body.id}`, {
    name: "Bob",
  }, { "if-match": '"1"' });
  assert.equal(renamed.status, 200, renamed.text);
  assert.equal(renamed.headers.get("etag"), '"2"');
  const stale = await ana.send("PATCH", `/v1/groups/${g}/members/${added.body.id}`, {
    name: "Bobby",
  }, { "if-match": '"1"' });
  assert.equal(stale.status, 412, stale.text);
});

Deno.test("a write with an Idempotency-Key answers a retry exactly, headers included", async () => {
  const api = createMemoryCommandApi();
  const ana = await api.user("Ana");
  const created = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  const g = created.body.id;
  const key = { "idempotency-key": "k-1" };
  const body = { name: "Bo", role: "member" };
  const first = await ana.send("POST", `/v1/groups/${g}/members`, body, key);
  const again = await ana.send("POST", `/v1/groups/${g}/members`, body, key);
  assert.equal(again.status, first.status);
  assert.equal(again.text, first.text);
  assert.equal(again.headers.get("etag"), first.headers.get("etag"));
  const other = await ana.send("POST", `/v1/groups/${g}/members`, { ...body, name: "Cy" }, key);
  assert.equal(other.status, 409, other.text);
});
