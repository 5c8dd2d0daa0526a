/**
 * `POST /v1/telegram/chats` (bot key only): which members of a group linked
 * Telegram, asked for a linked acting user who is a member; nothing for a
 * stranger to the group, nothing about non-members.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const BOT_KEY = "a-bot-service-key-that-is-long-enough-123";

Deno.test("telegram chats: linked members only, for a member of the group, with the bot key", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_BOT_API_KEY: BOT_KEY });
  try {
    const api = new KopekClient(running.url);
    const bot = api.as(BOT_KEY);
    const { client: ana, userId: anaId } = await api.register("ana@example.com", "Ana");
    const { client: bob, userId: bobId } = await api.register("bob@example.com", "Bob");
    const { client: dan, userId: danId } = await api.register("dan@example.com", "Dan");
    const link = async (c: KopekClient, telegramUserId: number) => {
      const code = (await c.post("/v1/me/telegram-link", undefined)).body.code;
      const r = await bot.post("/v1/telegram/links", { code, telegramUserId });
      assert.equal(r.status, 201, JSON.stringify(r.body));
    };
    await link(ana, 42);
    await link(bob, 43);
    await link(dan, 44);
    const g = (await ana.post("/v1/groups", { name: "Trip", currency: "EUR" })).body.id;
    const bobMember = (await ana.post(`/v1/groups/${g}/members`, { name: "Bob", role: "member" }))
      .body.id;
    const invite = await ana.post(`/v1/groups/${g}/invites`, {
      memberId: bobMember,
      role: "member",
    });
    assert.equal((await bob.post(`/v1/invites/${invite.body.code}/accept`, undefined)).status, 200);

    const ask = (telegramUserId: number, userIds: string[], groupId = g) =>
      bot.post("/v1/telegram/chats", { telegramUserId, groupId, userIds });
    const ok = await ask(42, [anaId, bobId, danId]);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.deepEqual(
      ok.body.chats.sort((a: { telegramUserId: number }, b: { telegramUserId: number }) =>
        a.telegramUserId - b.telegramUserId
      ),
      [{ userId: anaId, telegramUserId: 42 }, { userId: bobId, telegramUserId: 43 }],
      "Dan is not in the group: not revealed",
    );
    // Dan (linked, not a member) learns nothing; an unknown group looks the same.
    assert.equal((await ask(44, [anaId])).status, 404);
    assert.equal((await ask(42, [anaId], crypto.randomUUID())).status, 404);
    // An unlinked Telegram user, a user's token instead of the bot key, bad input.
    assert.equal((await ask(99, [anaId])).body.code, "telegram.not_linked");
    assert.equal(
      (await ana.post("/v1/telegram/chats", { telegramUserId: 42, groupId: g, userIds: [] }))
        .status,
      401,
    );
    assert.equal(
      (await bot.post("/v1/telegram/chats", { telegramUserId: 42, groupId: "x" }))
        .status,
      422,
    );
  } finally {
    await running.stop();
  }
});
