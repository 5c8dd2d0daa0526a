import assert from "node:assert/strict";
import { createGuestLinkTokens } from "@kopek/platform";
import { createMemoryCommandApi, requestApp } from "./_memory_testing.ts";

const DAY = 86_400_000;

/** The command API on a clock the test moves, with a group, a placeholder Bo and a guest link. */
async function withLink(days = 1) {
  let now = Date.parse("2026-12-01T12:00:00Z");
  const api = createMemoryCommandApi({
    now: () => new Date(now),
    guestLinks: createGuestLinkTokens({ secret: "s".repeat(40), now: () => new Date(now) }),
  });
  const ana = await api.user("Ana");
  const group = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  const g = group.body.id as string;
  const bo = await ana.send("POST", `/v1/groups/${g}/members`, { name: "Bo", role: "member" });
  const link = await ana.send("POST", `/v1/groups/${g}/guest-links`, {
    memberId: bo.body.id,
    role: "member",
    expiresInDays: days,
  });
  assert.equal(link.status, 201, link.text);
  const open = () =>
    requestApp(api.app, null, "POST", "/v1/guest-sessions", { token: link.body.token });
  const expense = {
    description: "Bread",
    total: { amount: "4.00", currency: "EUR" },
    date: "2026-12-01",
    paidBy: [{ memberId: bo.body.id, amount: "4.00" }],
    split: { mode: "equal", shares: [{ memberId: bo.body.id }, { memberId: group.body.memberId }] },
  };
  return {
    api,
    ana,
    g,
    link,
    open,
    expense,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

Deno.test("a guest link opens until it expires, then answers 401 guest_link_revoked", async () => {
  const { open, advance } = await withLink(1);
  assert.equal((await open()).status, 200);
  advance(DAY + 1);
  const late = await open();
  assert.equal(late.status, 401, late.text);
  assert.equal(late.body.code, "guest_link_revoked");
});

Deno.test("a guest writes its group's ledger only, until its link is revoked (within the gate's check)", async () => {
  const { api, ana, g, link, open, expense, advance } = await withLink(30);
  const token = (await open()).body.token as string;
  const as = (method: string, path: string, body?: unknown) =>
    requestApp(api.app, token, method, path, body);
  assert.equal((await as("POST", `/v1/groups/${g}/expenses`, expense)).status, 201);
  for (
    const [method, path, body] of [
      ["POST", `/v1/groups/${g}/members`, { name: "Cy", role: "member" }],
      ["PATCH", `/v1/groups/${g}`, { name: "Mine" }],
      ["POST", `/v1/groups/${g}/invites`, { role: "member" }],
      ["POST", "/v1/groups", { name: "Mine", currency: "EUR" }],
      ["PATCH", "/v1/me", { displayName: "Eve" }],
    ] as const
  ) {
    const refused = await as(method, path, body);
    assert.equal(refused.status, 403, `${method} ${path}: ${refused.text}`);
    assert.equal(refused.body.code, "guest_forbidden");
  }
  assert.equal(
    (await ana.send("DELETE", `/v1/groups/${g}/guest-links/${link.body.id}`)).status,
    200,
  );
  advance(6_000);
  const after = await as("POST", `/v1/groups/${g}/expenses`, expense);
  assert.equal(after.status, 401, after.text);
  assert.equal(after.body.code, "guest_link_revoked");
});

Deno.test("a link's token is signed: another key's, or a user's access token, opens nothing", async () => {
  const { api, ana, link } = await withLink(30);
  const foreign = await createGuestLinkTokens({ secret: "t".repeat(40) })
    .sign(link.body.id, new Date(Date.now() + DAY));
  for (const token of [foreign, ana.token]) {
    const a = await requestApp(api.app, null, "POST", "/v1/guest-sessions", { token });
    assert.equal(a.status, 401, a.text);
  }
});
