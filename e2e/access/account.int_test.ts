/**
 * The account page's API end to end: profile, sessions, the export and the
 * deletion of an account (its members become placeholders, the others'
 * ledger stays whole, the address can register again). Nothing here shows or
 * does anything to another user.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { importDump, type KopekClient, KopekClient as Client, startForTest } from "@kopek/testing";
import { createPostgresEventStore } from "@kopek/eventstore";
import { verifyCommand } from "@kopek/cli";

const PASSWORD = "correct horse battery staple";

/** A read at a position, retrying while the read models have not applied it. */
async function readAt(client: KopekClient, path: string, position: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const a = await client.get(path, { "Kopek-Min-Position": String(position) });
    if (a.status !== 503 || a.body.code !== "position_not_reached" || Date.now() > deadline) {
      return a;
    }
  }
}

function login(api: KopekClient, email: string, userAgent: string) {
  return api.request("POST", "/v1/auth/login", { email, password: PASSWORD }, {
    "user-agent": userAgent,
  });
}

Deno.test("the profile: display name and default currency, validated", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new Client(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    assert.equal((await ana.get("/v1/me")).body.defaultCurrency, null);
    const changed = await ana.patch("/v1/me", { displayName: "Ana B.", defaultCurrency: "JPY" });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    assert.deepEqual([changed.body.displayName, changed.body.defaultCurrency], ["Ana B.", "JPY"]);
    const me = await ana.get("/v1/me");
    assert.deepEqual([me.body.displayName, me.body.defaultCurrency], ["Ana B.", "JPY"]);
    for (
      const bad of [{}, { defaultCurrency: "XYZ" }, { displayName: "" }, { email: "x@y.z" }, {
        displayName: "x".repeat(5000),
      }]
    ) {
      const a = await ana.patch("/v1/me", bad);
      assert.equal(a.status, 422, JSON.stringify([bad, a.body]));
    }
    assert.equal((await ana.patch("/v1/me", { defaultCurrency: null })).body.defaultCurrency, null);
    const login2 = await login(api, "ana@example.com", "UA");
    assert.equal(login2.body.user.displayName, "Ana B.");
  } finally {
    await running.stop();
  }
});

Deno.test("sessions: listed with their device, one signed out; never another user's", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new Client(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: bob } = await api.register("bob@example.com", "Bob");
    const phone = (await login(api, "ana@example.com", "Phone/1.0")).body;
    const desk = (await login(api, "ana@example.com", "Desk/2.0")).body;
    const list = await api.as(desk.token).get("/v1/me/sessions");
    assert.equal(list.status, 200, JSON.stringify(list.body));
    const items = list.body.items as {
      id: string;
      userAgent: string | null;
      current: boolean;
      startedAt: string;
      lastUsedAt: string;
    }[];
    assert.equal(items.length, 3);
    assert.deepEqual(items.map((s) => s.userAgent).slice(0, 2), ["Desk/2.0", "Phone/1.0"]);
    assert.deepEqual(items.map((s) => s.current), [true, false, false]);
    assert.ok(items.every((s) => Date.parse(s.lastUsedAt) >= Date.parse(s.startedAt)));
    const phoneId = items[1].id;

    // Bob cannot see or end Ana's sessions: the same 404 as for no session at all.
    assert.equal((await bob.get("/v1/me/sessions")).body.items.length, 1);
    const probe = await bob.request("DELETE", `/v1/me/sessions/${phoneId}`);
    assert.equal(probe.status, 404);
    assert.equal((await bob.request("DELETE", "/v1/me/sessions/not-a-uuid")).status, 404);
    const stillWorks = await api.post("/v1/auth/refresh", { refreshToken: phone.refreshToken });
    assert.equal(stillWorks.status, 200, "Bob's attempt ended nothing");

    const ended = await ana.request("DELETE", `/v1/me/sessions/${phoneId}`);
    assert.equal(ended.status, 200, JSON.stringify(ended.body));
    const refused = await api.post("/v1/auth/refresh", {
      refreshToken: stillWorks.body.refreshToken,
    });
    assert.equal(refused.status, 401, "the signed-out session no longer refreshes");
    assert.equal((await ana.request("DELETE", `/v1/me/sessions/${phoneId}`)).status, 404);
    const after = (await ana.get("/v1/me/sessions")).body.items as { id: string }[];
    assert.deepEqual(after.map((s) => s.id).includes(phoneId), false);
    assert.equal(after.length, 2);
    assert.equal(
      (await api.post("/v1/auth/refresh", { refreshToken: desk.refreshToken })).status,
      200,
      "the other sessions live on",
    );
  } finally {
    await running.stop();
  }
});

Deno.test("the export holds the account, its sessions, groups and entries, and nobody else's account", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new Client(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: bob } = await api.register("bob@example.com", "Bob");
    const group = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const g = group.body.id;
    const me = group.body.memberId;
    const other = (await ana.post(`/v1/groups/${g}/members`, { name: "Cleo", role: "member" }))
      .body.id;
    const spend = (description: string, split: string[]) =>
      ana.post(`/v1/groups/${g}/expenses`, {
        description,
        total: { amount: "30.00", currency: "EUR" },
        date: "2026-11-20",
        paidBy: [{ memberId: split[0], amount: "30.00" }],
        split: { mode: "equal", shares: split.map((memberId) => ({ memberId })) },
      });
    assert.equal((await spend("Taxi", [me, other])).status, 201);
    const last = await spend("Cleo's own", [other]);
    assert.equal(last.status, 201);
    const a = await readAt(ana, "/v1/me/export", last.body.position);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.match(a.headers.get("content-disposition") ?? "", /attachment; filename="kopek-export-/);
    assert.equal(a.body.account.email, "ana@example.com");
    assert.equal(a.body.sessions.length, 1);
    assert.equal(a.body.groups.length, 1);
    const eg = a.body.groups[0];
    assert.deepEqual([eg.id, eg.name, eg.member.id, eg.member.role], [g, "Trip", me, "owner"]);
    assert.deepEqual(eg.expenses.map((e: { description: string }) => e.description), ["Taxi"]);
    const b = await bob.get("/v1/me/export");
    assert.equal(b.body.account.email, "bob@example.com");
    assert.deepEqual(b.body.groups, []);
    assert.ok(!JSON.stringify(b.body).includes("ana@example.com"));
  } finally {
    await running.stop();
  }
});

Deno.test("deleting an account: personal data gone, members placeholders, others' ledger unchanged", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new Client(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const reg = await api.post("/v1/auth/register", {
      email: "bob@example.com",
      password: PASSWORD,
      displayName: "Bob",
    });
    const bob = api.as(reg.body.token);
    const bobRefresh = reg.body.refreshToken as string;
    const group = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const g = group.body.id;
    const anaMember = group.body.memberId;
    const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "member" });
    const joined = await bob.post(`/v1/invites/${invite.body.code}/accept`, undefined);
    assert.equal(joined.status, 200, JSON.stringify(joined.body));
    const bobMember = joined.body.id;
    const expense = await bob.post(`/v1/groups/${g}/expenses`, {
      description: "Dinner",
      total: { amount: "90.00", currency: "EUR" },
      date: "2026-11-20",
      paidBy: [{ memberId: bobMember, amount: "90.00" }],
      split: { mode: "equal", shares: [{ memberId: anaMember }, { memberId: bobMember }] },
    });
    assert.equal(expense.status, 201);
    // Bob owns a group of his own, with nobody else in it: no obstacle.
    assert.equal((await bob.post("/v1/groups", { name: "Solo", currency: "EUR" })).status, 201);
    const before = await readAt(ana, `/v1/groups/${g}/balances`, expense.body.position);
    assert.equal(before.status, 200);

    // Ana owns a group with another user in it: she hands over ownership first.
    const owns = await ana.request("DELETE", "/v1/me", { password: PASSWORD });
    assert.equal(owns.status, 409, JSON.stringify(owns.body));
    assert.equal(owns.body.code, "account.owns_group");

    const wrong = await bob.request("DELETE", "/v1/me", { password: "not the password" });
    assert.equal(wrong.status, 403);
    assert.equal((await bob.request("DELETE", "/v1/me", {})).status, 422);
    assert.equal((await bob.get("/v1/me")).status, 200, "a refused deletion deletes nothing");

    const deleted = await bob.request("DELETE", "/v1/me", { password: PASSWORD });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
    const at = deleted.body.position as number;

    // Bob can no longer sign in, and his tokens do nothing.
    const again = await api.post("/v1/auth/login", {
      email: "bob@example.com",
      password: PASSWORD,
    });
    assert.equal(again.status, 401);
    assert.equal((await api.post("/v1/auth/refresh", { refreshToken: bobRefresh })).status, 401);
    assert.equal((await bob.get("/v1/me")).status, 404);
    assert.equal((await bob.get("/v1/me/export")).status, 404);
    assert.equal((await bob.patch("/v1/me", { displayName: "Zombie" })).status, 401);
    assert.equal((await readAt(bob, `/v1/groups/${g}`, at)).status, 404);
    assert.deepEqual((await readAt(bob, "/v1/groups", at)).body.items, []);
    const write = await bob.post(`/v1/groups/${g}/expenses`, expense.body);
    assert.ok([404, 422].includes(write.status), JSON.stringify(write.body));

    // For Ana: Bob's member is a placeholder with its name and history; balances unchanged.
    const seen = await readAt(ana, `/v1/groups/${g}`, at);
    const placeholder = seen.body.members.find((m: { id: string }) => m.id === bobMember);
    assert.deepEqual([placeholder.userId, placeholder.name, placeholder.active], [
      null,
      "Bob",
      true,
    ]);
    const after = await readAt(ana, `/v1/groups/${g}/balances`, at);
    assert.deepEqual(after.body.members, before.body.members);
    const verify = await ana.get(`/v1/groups/${g}/verify`);
    assert.equal(verify.status, 200);
    assert.equal(verify.body.ok, true, JSON.stringify(verify.body));

    // The address is free again: a new account, which sees nothing of the old one.
    const fresh = await api.register("bob@example.com", "Bob again");
    assert.equal((await fresh.client.get("/v1/me")).body.displayName, "Bob again");
    assert.notEqual(fresh.userId, reg.body.user.id);
    assert.deepEqual((await fresh.client.get("/v1/groups")).body.items, []);
    assert.equal(
      (await api.post("/v1/auth/login", { email: "bob@example.com", password: PASSWORD })).status,
      200,
    );

    // Ana's group goes on: she can invite someone to claim the placeholder.
    const claim = await ana.post(`/v1/groups/${g}/invites`, {
      memberId: bobMember,
      role: "member",
    });
    assert.equal(claim.status, 201, JSON.stringify(claim.body));

    // The group's export, with its MemberUnlinked, imports (through the decider) as before.
    const dump = await ana.get(`/v1/groups/${g}/export.sql`);
    assert.equal(dump.status, 200);
    assert.ok((dump.body.text as string).includes("MemberUnlinked"));
    const imported = await importDump(ana, dump.body.text as string);
    assert.equal(imported.status, "done", JSON.stringify(imported));
    const [copy] = imported.groups as { id: string }[];
    const copied = await readAt(ana, `/v1/groups/${copy.id}/balances`, imported.position as number);
    assert.deepEqual(
      copied.body.members.map((m: { balance: unknown }) => m.balance),
      after.body.members.map((m: { balance: unknown }) => m.balance),
    );
  } finally {
    await running.stop();
  }
});

Deno.test("deleting an account shreds its personal data: no address, name, hash or device left", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new Client(running.url);
    const { client: cleo, userId } = await api.register("cleo.shred@example.com", "Cleo Shred");
    const renamed = await cleo.patch("/v1/me", { displayName: "Cleo Renamed" });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const NEW_PASSWORD = "a brand new passphrase for cleo";
    const changed = await cleo.request("PUT", "/v1/me/password", {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    }, { "user-agent": "ShredBrowser/7.1" });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const signedIn = await api.request("POST", "/v1/auth/login", {
      email: "cleo.shred@example.com",
      password: NEW_PASSWORD,
    }, { "user-agent": "ShredBrowser/7.1" });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    const cleoNow = api.as(signedIn.body.token as string);

    // While the account lives, everything reads as written (opened with its key).
    assert.equal((await cleoNow.get("/v1/me")).body.email, "cleo.shred@example.com");
    assert.equal((await cleoNow.get("/v1/me")).body.displayName, "Cleo Renamed");
    const exported = await cleoNow.get("/v1/me/export");
    assert.equal(exported.status, 200);
    assert.ok(JSON.stringify(exported.body).includes("ShredBrowser/7.1"));

    // Every event of the account: its streams, those naming it, those it wrote.
    const rawEvents = () =>
      db.sql<{ type: string; schema_version: number; text: string }[]>`
        SELECT type, schema_version, data::text AS text FROM events
        WHERE stream = ${"user-" + userId} OR data->>'userId' = ${userId}
          OR metadata->>'actor' = ${userId}`;
    const secrets = [
      "cleo.shred@example.com",
      "Cleo Shred",
      "Cleo Renamed",
      "$argon2",
      "ShredBrowser",
    ];
    const leaks = (rows: { text: string }[]) =>
      rows.flatMap((r) =>
        secrets.filter((s) => r.text.includes(s)).map((s) => `${s} in ${r.text}`)
      );
    const before = await rawEvents();
    assert.ok(before.some((r) => r.type === "UserRegistered" && r.schema_version === 2));
    assert.deepEqual(leaks(before), [], "sealed from the start");
    const [{ keys }] = await db.sql<{ keys: number }[]>`
      SELECT count(*)::int AS keys FROM account_keys WHERE user_id = ${userId}::uuid`;
    assert.equal(keys, 1);

    const deleted = await cleoNow.request("DELETE", "/v1/me", { password: NEW_PASSWORD });
    assert.equal(deleted.status, 200, JSON.stringify(deleted.body));

    const after = await rawEvents();
    assert.ok(after.length >= before.length);
    assert.deepEqual(leaks(after), []);
    const [{ left }] = await db.sql<{ left: number }[]>`
      SELECT count(*)::int AS left FROM account_keys WHERE user_id = ${userId}::uuid`;
    assert.equal(left, 0, "the data key is gone");

    const refused = await api.post("/v1/auth/login", {
      email: "cleo.shred@example.com",
      password: NEW_PASSWORD,
    });
    assert.equal(refused.status, 401);
    const again = await api.register("cleo.shred@example.com", "Cleo Again");
    assert.notEqual(again.userId, userId);
    assert.equal((await again.client.get("/v1/me")).body.displayName, "Cleo Again");

    // Every stream's chain is whole (`kopek verify`): it covers what is stored.
    const verified = await verifyCommand(createPostgresEventStore(db.sql), {});
    assert.equal(verified.code, 0, verified.lines.join("\n"));
  } finally {
    await running.stop();
  }
});
