/**
 * Linking Telegram end to end, as the bot will: a user's one-time code, the
 * bot redeeming it with its service key, and the bot acting only for users
 * who linked.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const BOT_KEY = "a-bot-service-key-that-is-long-enough-123";

Deno.test("a link code binds one Telegram user once; the bot can act only for linked users", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_BOT_API_KEY: BOT_KEY });
  try {
    const api = new KopekClient(running.url);
    const bot = api.as(BOT_KEY);
    const { client: ana, userId: anaId } = await api.register("ana@example.com", "Ana");
    const { client: bob } = await api.register("bob@example.com", "Bob");

    assert.equal((await ana.get("/v1/me")).body.telegram.linked, false);
    const link = await ana.post("/v1/me/telegram-link", undefined);
    assert.equal(link.status, 201, JSON.stringify(link.body));
    const expires = Date.parse(link.body.expiresAt) - Date.now();
    assert.ok(expires > 0 && expires <= 10 * 60_000, "short-lived");

    // Only the bot may redeem, and only for a Telegram user; a user token is not the bot key.
    const asUser = await ana.post("/v1/telegram/links", {
      code: link.body.code,
      telegramUserId: 42,
    });
    assert.equal(asUser.status, 401);
    assert.equal((await bot.post("/v1/telegram/tokens", { telegramUserId: 42 })).status, 404);

    const linked = await bot.post("/v1/telegram/links", {
      code: link.body.code,
      telegramUserId: 42,
    });
    assert.equal(linked.status, 201, JSON.stringify(linked.body));
    assert.equal(linked.body.user.id, anaId);
    const again = await bot.post("/v1/telegram/links", {
      code: link.body.code,
      telegramUserId: 43,
    });
    assert.equal(again.status, 409, "single use");
    assert.equal(again.body.code, "telegram.code_used");

    const me = await ana.get("/v1/me", { "Kopek-Min-Position": "0" });
    assert.equal(me.body.telegram.linked, true);

    // The bot gets a token for the linked user, and acts as them — but not as their owner.
    const issued = await bot.post("/v1/telegram/tokens", { telegramUserId: 42 });
    assert.equal(issued.status, 200);
    assert.equal(issued.body.userId, anaId);
    const asAna = api.as(issued.body.token);
    const group = await asAna.post("/v1/groups", { name: "Via bot", currency: "EUR" });
    assert.equal(group.status, 201);
    assert.equal(
      (await asAna.put("/v1/me/password", {
        currentPassword: "correct horse battery staple",
        newPassword: "stolen and changed password",
      })).status,
      403,
    );
    assert.equal((await asAna.post("/v1/me/telegram-link", undefined)).status, 403);
    assert.equal((await bot.post("/v1/telegram/tokens", { telegramUserId: 7 })).status, 404);

    // A Telegram user belongs to one account: Bob cannot take 42 over.
    const bobCode = (await bob.post("/v1/me/telegram-link", undefined)).body.code;
    const taken = await bot.post("/v1/telegram/links", { code: bobCode, telegramUserId: 42 });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, "telegram.linked_elsewhere");

    // Unlinking ends the bot's access.
    assert.equal((await ana.delete("/v1/me/telegram")).status, 200);
    assert.equal((await bot.post("/v1/telegram/tokens", { telegramUserId: 42 })).status, 404);
    const bobLinked = await bot.post("/v1/telegram/links", { code: bobCode, telegramUserId: 42 });
    assert.equal(bobLinked.status, 201, "released, 42 can link to Bob now");

    // Garbage codes and wrong keys.
    assert.equal(
      (await bot.post("/v1/telegram/links", { code: "AAAAAAAAAAAAAAAA", telegramUserId: 9 }))
        .status,
      404,
    );
    assert.equal(
      (await api.as("x".repeat(48)).post("/v1/telegram/tokens", { telegramUserId: 42 })).status,
      401,
    );
    assert.equal(
      (await bot.post("/v1/telegram/tokens", { telegramUserId: "42" })).status,
      422,
    );
  } finally {
    await running.stop();
  }
});
