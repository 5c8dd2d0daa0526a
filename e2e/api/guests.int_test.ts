/**
 * Guests end to end on real PostgreSQL (ADR 0059): an owner shares a guest
 * link for a placeholder member; the guest opens it, reads its group and
 * adds an expense as that member; a viewer link writes nothing; a guest
 * reaches no user route and no other group; a revoked link stops working;
 * an account claims the member and keeps its history, after which the link
 * is done.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { type KopekClient, KopekClient as Client, startForTest } from "@kopek/testing";

function expense(payer: string, shares: string[], amount: string) {
  return {
    description: "Groceries",
    total: { amount, currency: "EUR" },
    date: "2026-12-01",
    paidBy: [{ memberId: payer, amount }],
    split: { mode: "equal", shares: shares.map((memberId) => ({ memberId })) },
  };
}

/** Waits (bounded, never a fixed sleep in an assertion) until `check` holds. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what}: not within 60 s`);
}

async function openGuest(api: KopekClient, token: string) {
  const opened = await api.post("/v1/guest-sessions", { token });
  assert.equal(opened.status, 200, JSON.stringify(opened.body));
  return opened;
}

/**
 * Nothing of an account, nothing of another group, nothing that manages the group: each answers
 * the guest 403 guest_forbidden.
 */
async function assertGuestForbidden(
  guest: KopekClient,
  ids: { g: string; other: string; anaMember: string; boId: string; links: string; token: string },
): Promise<void> {
  const { g, other, anaMember, boId, links, token } = ids;
  for (
    const [method, path, body] of [
      ["GET", "/v1/me", undefined],
      ["GET", "/v1/me/sessions", undefined],
      ["GET", "/v1/me/export", undefined],
      ["GET", "/v1/groups", undefined],
      ["POST", "/v1/groups", { name: "Mine", currency: "EUR" }],
      ["GET", `/v1/groups/${other}`, undefined],
      ["POST", `/v1/groups/${other}/expenses`, expense(anaMember, [anaMember], "1.00")],
      ["POST", `/v1/groups/${g}/members`, { name: "Cy", role: "member" }],
      ["POST", `/v1/groups/${g}/invites`, { role: "member" }],
      ["POST", links, { memberId: boId, role: "member" }],
      ["POST", "/v1/guest-links/claim", { token }],
      ["GET", "/v1/imports", undefined],
    ] as const
  ) {
    const answer = await guest.request(method, path, body);
    assert.equal(answer.status, 403, `${method} ${path}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.code, "guest_forbidden", `${method} ${path}`);
  }
}

Deno.test("guests: link, guest session, rights, revocation, claim keeps history", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new Client(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: eve, userId: eveId } = await api.register("eve@example.com", "Eve");
    const { client: max } = await api.register("max@example.com", "Max");
    const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const g = group.body.id as string;
    const anaMember = group.body.memberId as string;
    const other = await ana.post("/v1/groups", { name: "Other", currency: "EUR" });
    const bo = await ana.post(`/v1/groups/${g}/members`, { name: "Bo", role: "member" });
    assert.equal(bo.status, 201, JSON.stringify(bo.body));
    const boId = bo.body.id as string;
    const first = await ana.post(
      `/v1/groups/${g}/expenses`,
      expense(anaMember, [anaMember, boId], "30.00"),
    );
    assert.equal(first.status, 201);

    // Only a manager shares, only for a placeholder, only with a guest role, at most 90 days.
    const links = `/v1/groups/${g}/guest-links`;
    assert.equal((await max.post(links, { memberId: boId, role: "member" })).status, 404);
    const notPlaceholder = await ana.post(links, { memberId: anaMember, role: "member" });
    assert.equal(notPlaceholder.status, 409);
    assert.equal(notPlaceholder.body.code, "guest_link.not_placeholder");
    assert.equal((await ana.post(links, { memberId: boId, role: "admin" })).status, 422);
    assert.equal(
      (await ana.post(links, { memberId: boId, role: "member", expiresInDays: 91 })).status,
      422,
    );
    const link = await ana.post(links, { memberId: boId, role: "member", expiresInDays: 7 });
    assert.equal(link.status, 201, JSON.stringify(link.body));
    assert.equal(link.body.memberId, boId);
    const token = link.body.token as string;

    // A forged or foreign token opens nothing.
    for (const bad of [token.slice(0, -2) + "xx", ana.token!, "nonsense"]) {
      const refused = await api.post("/v1/guest-sessions", { token: bad });
      assert.equal(refused.status, 401, bad);
      assert.equal(refused.body.code, "guest_link_revoked");
    }

    // The guest reads its group and adds an expense as Bo.
    const opened = await openGuest(api, token);
    assert.deepEqual(
      { ...opened.body.guest, expiresAt: "" },
      {
        id: link.body.id,
        groupId: g,
        memberId: boId,
        role: "member",
        expiresAt: "",
        memberName: "Bo",
        groupName: "Flat",
      },
    );
    const guest = api.as(opened.body.token as string);
    const read = await guest.get(`/v1/groups/${g}`, {
      "Kopek-Min-Position": String(first.body.position),
    });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const added = await guest.post(
      `/v1/groups/${g}/expenses`,
      expense(boId, [anaMember, boId], "12.00"),
    );
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const synced = await guest.post("/v1/sync", {
      commands: [{
        id: crypto.randomUUID(),
        type: "expense.record",
        groupId: other.body.id,
        body: expense(other.body.memberId as string, [other.body.memberId as string], "1.00"),
      }],
    });
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    assert.equal(JSON.stringify(synced.body).includes("guest_forbidden"), true);

    // Nothing of an account, nothing of another group, nothing that manages the group.
    await assertGuestForbidden(guest, {
      g,
      other: other.body.id as string,
      anaMember,
      boId,
      links,
      token,
    });

    // A viewer link reads and writes nothing.
    const viewerLink = await ana.post(links, { memberId: boId, role: "viewer" });
    const viewer = api.as(
      (await openGuest(api, viewerLink.body.token as string)).body.token as string,
    );
    assert.equal((await viewer.get(`/v1/groups/${g}/expenses`)).status, 200);
    const refused = await viewer.post(`/v1/groups/${g}/expenses`, expense(boId, [boId], "2.00"));
    assert.equal(refused.status, 403, JSON.stringify(refused.body));

    // Revoked: the link opens nothing more, and its session stops within the gate's check.
    const gone = await ana.delete(`${links}/${viewerLink.body.id}`);
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.equal(
      (await api.post("/v1/guest-sessions", { token: viewerLink.body.token })).status,
      401,
    );
    await eventually(
      async () => (await viewer.get(`/v1/groups/${g}`)).status === 401,
      "the revoked guest's reads",
    );
    assert.equal((await max.delete(`${links}/${viewerLink.body.id}`)).status, 404);

    // Eve claims Bo: the member keeps its id, its expenses and its balance.
    const before = await ana.get(`/v1/groups/${g}/balances`, {
      "Kopek-Min-Position": String(added.body.position),
    });
    assert.equal(before.status, 200);
    const claimed = await eve.post("/v1/guest-links/claim", { token });
    assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
    assert.equal(claimed.body.memberId, boId);
    const seen = { "Kopek-Min-Position": String(claimed.body.position) };
    const members = await eve.get(`/v1/groups/${g}/members/${boId}`, seen);
    assert.equal(members.status, 200, JSON.stringify(members.body));
    assert.equal(members.body.userId, eveId);
    const after = await eve.get(`/v1/groups/${g}/balances`, seen);
    assert.deepEqual(after.body.members, before.body.members);
    const boLine = (after.body.members as { memberId: string; paid: { amount: string } }[])
      .find((m) => m.memberId === boId)!;
    assert.equal(boLine.paid.amount, "12.00");
    const theirs = await eve.get(`/v1/groups/${g}/expenses/${added.body.id}`, seen);
    assert.equal(theirs.status, 200);

    // The link's work is done: it opens nothing, and the guest writes nothing more.
    assert.equal((await api.post("/v1/guest-sessions", { token })).status, 401);
    const late = await guest.post(`/v1/groups/${g}/expenses`, expense(boId, [boId], "3.00"));
    assert.ok(late.status === 401 || late.status === 403, JSON.stringify(late.body));
    assert.equal((await max.post("/v1/guest-links/claim", { token })).status, 401);
  } finally {
    await running.stop();
  }
});
