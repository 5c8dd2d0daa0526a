/** Invites end to end: claiming a placeholder with its history, joining as a new member. */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "./testing/client.ts";

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
