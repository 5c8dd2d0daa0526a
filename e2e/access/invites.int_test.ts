/** Invites end to end: claiming a placeholder with its history, joining as a new member. */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

Deno.test("an invitee claims a placeholder and keeps its history; codes work once", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: chen, userId: chenId } = await api.register("chen@example.com", "Chen");
    const { client: dana, userId: danaId } = await api.register("dana@example.com", "Dana");
    const group = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const g = group.body.id;
    const anaMember = group.body.memberId;
    const placeholder = await ana.post(`/v1/groups/${g}/members`, { name: "Chen", role: "member" });
    assert.equal(placeholder.body.userId, null);
    const chenMember = placeholder.body.id;
    const expense = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Taxi",
      total: { amount: "30.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: anaMember, amount: "30.00" }],
      split: { mode: "equal", shares: [{ memberId: anaMember }, { memberId: chenMember }] },
    });
    assert.equal(expense.status, 201);

    // Chen cannot see the group before accepting.
    assert.equal((await chen.get(`/v1/groups/${g}`)).status, 404);
    const invite = await ana.post(`/v1/groups/${g}/invites`, {
      memberId: chenMember,
      role: "member",
    });
    assert.equal(invite.status, 201, JSON.stringify(invite.body));
    assert.match(invite.body.code, /^[0-9A-Z]{16}$/);
    assert.ok(Date.parse(invite.body.expiresAt) > Date.now());

    const typed = invite.body.code.toLowerCase().replace(/(.{4})(?!$)/g, "$1-");
    const accepted = await chen.post(`/v1/invites/${typed}/accept`, undefined);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.deepEqual(
      [accepted.body.id, accepted.body.userId, accepted.body.groupId],
      [chenMember, chenId, g],
    );
    assert.equal(
      (await chen.post(`/v1/invites/${invite.body.code}/accept`, undefined)).status,
      200,
      "the invitee retrying gets the same answer",
    );
    const used = await dana.post(`/v1/invites/${invite.body.code}/accept`, undefined);
    assert.equal(used.status, 409);
    assert.equal(used.body.code, "invite.used");

    const position = accepted.body.position;
    const balances = await chen.get(`/v1/groups/${g}/balances`, {
      "Kopek-Min-Position": String(position),
    });
    assert.equal(balances.status, 200, "the claimed member sees the group");
    const chenBalance = balances.body.members.find((m: { memberId: string }) =>
      m.memberId === chenMember
    );
    assert.equal(chenBalance.balance.amount, "-15.00", "the placeholder's history is Chen's now");

    // A new member through an invite without memberId.
    const open = await ana.post(`/v1/groups/${g}/invites`, { role: "viewer" });
    const joined = await dana.post(`/v1/invites/${open.body.code}/accept`, undefined);
    assert.equal(joined.status, 200);
    assert.deepEqual([joined.body.userId, joined.body.role, joined.body.name], [
      danaId,
      "viewer",
      "Dana",
    ]);
    const members = await ana.get(`/v1/groups/${g}`, {
      "Kopek-Min-Position": String(joined.body.position),
    });
    assert.equal(members.body.members.length, 3);

    // Unknown and malformed codes, and a member's own invite attempt.
    assert.equal((await dana.post(`/v1/invites/AAAAAAAAAAAAAAAA/accept`, undefined)).status, 404);
    assert.equal((await dana.post(`/v1/invites/not-a-code/accept`, undefined)).status, 404);
    assert.equal((await chen.post(`/v1/groups/${g}/invites`, { role: "viewer" })).status, 403);
  } finally {
    await running.stop();
  }
});

/**
 * A read at a position: waits (retrying the 503 `position_not_reached`, for a generous minute)
 * until the read models applied it, so that a loaded machine cannot fail the test.
 */
async function readAt(client: KopekClient, path: string, headers: Record<string, string>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const a = await client.get(path, headers);
    if (a.status !== 503 || a.body.code !== "position_not_reached" || Date.now() > deadline) {
      return a;
    }
  }
}

/** Accepting an invite that no longer works: 410 problem+json with the code. */
async function assertGone(client: KopekClient, code: string, expected: string) {
  const a = await client.request("POST", `/v1/invites/${code}/accept`);
  assert.equal(a.status, 410, JSON.stringify(a.body));
  assert.match(a.headers.get("content-type") ?? "", /^application\/problem\+json/);
  assert.deepEqual([a.body.status, a.body.code], [410, expected]);
}

/** A group of Ana (owner) with Bob as admin and Mia as member, all bound to users. */
async function groupWithAdmin(api: KopekClient) {
  const tag = crypto.randomUUID().slice(0, 8);
  const ana = await api.register(`ana-${tag}@example.com`, "Ana");
  const bob = await api.register(`bob-${tag}@example.com`, "Bob");
  const mia = await api.register(`mia-${tag}@example.com`, "Mia");
  const eve = await api.register(`eve-${tag}@example.com`, "Eve");
  const group = await ana.client.post("/v1/groups", { name: "Flat", currency: "EUR" });
  assert.equal(group.status, 201);
  const g = group.body.id as string;
  const add = async (name: string, email: string, role: string) => {
    const a = await ana.client.post(`/v1/groups/${g}/members`, { name, email, role });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    return a.body.id as string;
  };
  const bobMember = await add("Bob", `bob-${tag}@example.com`, "admin");
  const miaMember = await add("Mia", `mia-${tag}@example.com`, "member");
  return {
    g,
    ana: ana.client,
    anaMember: group.body.memberId as string,
    bob: bob.client,
    bobId: bob.userId,
    bobMember,
    mia: mia.client,
    miaMember,
    eve: eve.client,
  };
}

Deno.test("a removed admin cannot come back through an invite they created before removal", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const t = await groupWithAdmin(api);
    // Bob, an admin, keeps a way back in: an invite of his own, and one for a friend.
    const own = await t.bob.post(`/v1/groups/${t.g}/invites`, { role: "member" });
    assert.equal(own.status, 201, JSON.stringify(own.body));
    const friend = await t.bob.post(`/v1/groups/${t.g}/invites`, { role: "viewer" });
    assert.equal(friend.status, 201);

    const removed = await t.ana.delete(`/v1/groups/${t.g}/members/${t.bobMember}`);
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    const out = await readAt(t.bob, `/v1/groups/${t.g}`, {
      "Kopek-Min-Position": String(removed.body.position),
    });
    assert.equal(out.status, 404, "Bob is out");

    const events = () => db.sql`SELECT count(*)::int AS n FROM events`.then(([r]) => r.n);
    const before = await events();
    await assertGone(t.bob, own.body.code, "invite.dead");
    await assertGone(t.eve, friend.body.code, "invite.dead");
    assert.equal(await events(), before, "a refused accept appends nothing");
    const seen = await t.bob.get(`/v1/groups/${t.g}`);
    assert.equal(seen.status, 404, "still out");

    // The owner sees both as dead, made by Bob.
    const list = await readAt(t.ana, `/v1/groups/${t.g}/invites`, {
      "Kopek-Min-Position": String(removed.body.position),
    });
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.deepEqual(
      list.body.items.map((i: Record<string, unknown>) => [i.id, i.status, i.createdBy]),
      [friend, own].map((i) => [i.body.id, "dead", { memberId: t.bobMember, name: "Bob" }]),
    );
  } finally {
    await running.stop();
  }
});

Deno.test("an invite dies when its creator is demoted below the right to create it", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const t = await groupWithAdmin(api);
    const invite = await t.bob.post(`/v1/groups/${t.g}/invites`, { role: "member" });
    assert.equal(invite.status, 201);
    // The owner's invite for an admin lives on: the owner may still grant it.
    const owners = await t.ana.post(`/v1/groups/${t.g}/invites`, { role: "admin" });
    assert.equal(owners.status, 201);

    const demoted = await t.ana.patch(`/v1/groups/${t.g}/members/${t.bobMember}`, {
      role: "member",
    });
    assert.equal(demoted.status, 200, JSON.stringify(demoted.body));
    await assertGone(t.eve, invite.body.code, "invite.dead");

    const list = await readAt(t.ana, `/v1/groups/${t.g}/invites`, {
      "Kopek-Min-Position": String(demoted.body.position),
    });
    assert.deepEqual(
      list.body.items.map((i: Record<string, unknown>) => [i.id, i.status]),
      [[owners.body.id, "active"], [invite.body.id, "dead"]],
    );
    // Made admin again, Bob's invite works again: it is judged when it is used.
    const promoted = await t.ana.patch(`/v1/groups/${t.g}/members/${t.bobMember}`, {
      role: "admin",
    });
    assert.equal(promoted.status, 200);
    const joined = await t.eve.request("POST", `/v1/invites/${invite.body.code}/accept`);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    assert.equal(joined.body.role, "member");
  } finally {
    await running.stop();
  }
});

Deno.test("GET /v1/groups/{g}/invites: owners and admins see every invite with its status, never a code", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const t = await groupWithAdmin(api);
    const placeholder = await t.ana.post(`/v1/groups/${t.g}/members`, {
      name: "Chen",
      role: "member",
    });
    const chen = await api.register(`chen-${crypto.randomUUID()}@example.com`, "Chen");
    const codes: string[] = [];
    const make = async (client: KopekClient, body: Record<string, unknown>) => {
      const a = await client.post(`/v1/groups/${t.g}/invites`, body);
      assert.equal(a.status, 201, JSON.stringify(a.body));
      codes.push(a.body.code);
      return a.body as { id: string; code: string; position: number };
    };
    const claim = await make(t.ana, { role: "member", memberId: placeholder.body.id });
    const revoked = await make(t.bob, { role: "viewer" });
    const active = await make(t.bob, { role: "auditor", expiresInHours: 24 });
    const used = await chen.client.post(`/v1/invites/${claim.code}/accept`, undefined);
    assert.equal(used.status, 200, JSON.stringify(used.body));
    const gone = await t.ana.delete(`/v1/groups/${t.g}/invites/${revoked.id}`);
    assert.equal(gone.status, 200);
    const at = { "Kopek-Min-Position": String(gone.body.position) };

    for (const client of [t.ana, t.bob]) {
      const list = await readAt(client, `/v1/groups/${t.g}/invites`, at);
      assert.equal(list.status, 200, JSON.stringify(list.body));
      assert.equal(list.body.nextCursor, null);
      assert.deepEqual(list.body.items.map((i: Record<string, unknown>) => i.status), [
        "active",
        "revoked",
        "used",
      ]);
      const [a, , u] = list.body.items;
      assert.deepEqual(Object.keys(a).sort(), [
        "acceptedBy",
        "createdAt",
        "createdBy",
        "expiresAt",
        "id",
        "memberId",
        "role",
        "status",
      ]);
      assert.deepEqual(
        [a.id, a.role, a.memberId, a.createdBy, a.acceptedBy],
        [active.id, "auditor", null, { memberId: t.bobMember, name: "Bob" }, null],
      );
      assert.ok(Math.abs(Date.parse(a.expiresAt) - Date.now() - 24 * 3_600_000) < 600_000);
      assert.ok(Math.abs(Date.parse(a.createdAt) - Date.now()) < 600_000);
      assert.deepEqual(
        [u.id, u.memberId, u.acceptedBy, u.createdBy.memberId],
        [claim.id, placeholder.body.id, placeholder.body.id, t.anaMember],
      );
      const text = JSON.stringify(list.body);
      for (const code of codes) assert.ok(!text.includes(code), "no code in the list");
    }

    // Pages of one, and a filter.
    const first = await readAt(t.ana, `/v1/groups/${t.g}/invites?limit=1`, at);
    assert.deepEqual(first.body.items.map((i: { id: string }) => i.id), [active.id]);
    const second = await readAt(
      t.ana,
      `/v1/groups/${t.g}/invites?limit=1&cursor=${first.body.nextCursor}`,
      at,
    );
    assert.deepEqual(second.body.items.map((i: { id: string }) => i.id), [revoked.id]);
    assert.ok(second.body.nextCursor);
    const filtered = await readAt(t.ana, `/v1/groups/${t.g}/invites?status=used`, at);
    assert.deepEqual(filtered.body.items.map((i: { id: string }) => i.id), [claim.id]);
    assert.equal(filtered.body.nextCursor, null);
    assert.equal((await readAt(t.ana, `/v1/groups/${t.g}/invites?status=gone`, at)).status, 422);
    assert.equal((await readAt(t.ana, `/v1/groups/${t.g}/invites?cursor=e30`, at)).status, 422);

    // A member may see the group but not its invites; an outsider not even the group.
    const member = await readAt(t.mia, `/v1/groups/${t.g}/invites`, at);
    assert.equal(member.status, 403, JSON.stringify(member.body));
    const outsider = await readAt(t.eve, `/v1/groups/${t.g}/invites`, at);
    const missing = await readAt(t.eve, `/v1/groups/${crypto.randomUUID()}/invites`, at);
    assert.deepEqual(
      [outsider.status, outsider.body.code, outsider.body.detail],
      [404, missing.body.code, missing.body.detail],
    );
  } finally {
    await running.stop();
  }
});

Deno.test("DELETE /v1/groups/{g}/invites/{i} revokes an unused invite: its code then answers 410", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const t = await groupWithAdmin(api);
    const invite = await t.bob.post(`/v1/groups/${t.g}/invites`, { role: "member" });
    const path = `/v1/groups/${t.g}/invites/${invite.body.id}`;

    assert.equal((await t.mia.delete(path)).status, 403, "a member may not revoke");
    assert.equal((await t.eve.delete(path)).status, 404, "an outsider sees no group");
    const revoked = await t.ana.delete(path);
    assert.equal(revoked.status, 200, JSON.stringify(revoked.body));
    assert.deepEqual(revoked.body, {
      id: invite.body.id,
      status: "revoked",
      memberId: null,
      role: "member",
      expiresAt: invite.body.expiresAt,
      createdBy: { memberId: t.bobMember, name: "Bob" },
      acceptedBy: null,
      version: revoked.body.version,
      position: revoked.body.position,
    });
    assert.ok(revoked.body.version > invite.body.version);
    await assertGone(t.eve, invite.body.code, "invite.revoked");

    // Revoking again changes nothing.
    const again = await t.bob.delete(path);
    assert.equal(again.status, 200);
    assert.deepEqual([again.body.status, again.body.version], ["revoked", revoked.body.version]);

    // A used invite is the member's now: remove the member instead.
    const open = await t.ana.post(`/v1/groups/${t.g}/invites`, { role: "viewer" });
    assert.equal((await t.eve.post(`/v1/invites/${open.body.code}/accept`, undefined)).status, 200);
    const used = await t.ana.delete(`/v1/groups/${t.g}/invites/${open.body.id}`);
    assert.deepEqual([used.status, used.body.code], [409, "invite.used"]);

    // An admin revokes only what they could have granted.
    const forAdmin = await t.ana.post(`/v1/groups/${t.g}/invites`, { role: "admin" });
    const byAdmin = await t.bob.delete(`/v1/groups/${t.g}/invites/${forAdmin.body.id}`);
    assert.equal(byAdmin.status, 403, JSON.stringify(byAdmin.body));
    const forMember = await t.ana.post(`/v1/groups/${t.g}/invites`, { role: "member" });
    assert.equal(
      (await t.bob.delete(`/v1/groups/${t.g}/invites/${forMember.body.id}`)).status,
      200,
    );

    // Unknown, malformed, and another group's invites are not found; a body is refused.
    const other = await t.eve.post("/v1/groups", { name: "Eve's", currency: "EUR" });
    const theirs = await t.eve.post(`/v1/groups/${other.body.id}/invites`, { role: "viewer" });
    for (const id of [crypto.randomUUID(), "not-an-id", theirs.body.id]) {
      const a = await t.ana.delete(`/v1/groups/${t.g}/invites/${id}`);
      assert.equal(a.status, 404, `${id}: ${JSON.stringify(a.body)}`);
    }
    const withBody = await t.ana.request(
      "DELETE",
      `/v1/groups/${t.g}/invites/${forAdmin.body.id}`,
      {
        reason: "x",
      },
    );
    assert.equal(withBody.status, 422);
  } finally {
    await running.stop();
  }
});

Deno.test("invite.revoke through POST /v1/sync (an offline client's outbox)", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const t = await groupWithAdmin(api);
    const invite = await t.ana.post(`/v1/groups/${t.g}/invites`, { role: "viewer" });
    const command = {
      id: crypto.randomUUID(),
      type: "invite.revoke",
      groupId: t.g,
      body: { inviteId: invite.body.id },
    };
    const sync = await t.bob.post("/v1/sync", {
      commands: [
        command,
        { id: crypto.randomUUID(), type: "invite.revoke", groupId: t.g, body: {} },
        {
          id: crypto.randomUUID(),
          type: "invite.revoke",
          groupId: t.g,
          body: { inviteId: invite.body.id, ifMatch: '"1"', extra: true },
        },
      ],
    });
    assert.equal(sync.status, 200, JSON.stringify(sync.body));
    const [ok, missing, extra] = sync.body.results;
    assert.equal(ok.status, 200, JSON.stringify(ok));
    assert.deepEqual([ok.result.id, ok.result.status], [invite.body.id, "revoked"]);
    assert.deepEqual([missing.status, missing.problem.errors[0].path], [422, "inviteId"]);
    assert.equal(extra.status, 422);
    await assertGone(t.eve, invite.body.code, "invite.revoked");

    // Sent again (a lost answer): the same answer, nothing new.
    const retry = await t.bob.post("/v1/sync", { commands: [command] });
    assert.deepEqual(
      [retry.body.results[0].status, retry.body.results[0].result.version],
      [200, ok.result.version],
    );
    const list = await readAt(t.ana, `/v1/groups/${t.g}/invites`, {
      "Kopek-Min-Position": String(sync.body.position),
    });
    assert.deepEqual(list.body.items.map((i: { status: string }) => i.status), ["revoked"]);
  } finally {
    await running.stop();
  }
});
