/**
 * Web push end to end (ADR 0057): a local push service (`web-push-testing`)
 * decrypts what the all-in-one's notifier sends. A member subscribes, another
 * records an expense, and the push decrypts to the expected JSON; the actor
 * is not told; a muted group sends nothing; a subscription the push service
 * answers 410 for is removed; bad subscriptions are refused.
 */
import assert from "node:assert/strict";
import { connect } from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest, startPushService } from "@kopek/testing";

/** Polls until `check` holds (bounded generously: a loaded machine). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

Deno.test("push: subscribe, someone else's expense arrives decrypted, muted groups and the actor get nothing, 410 removes", async () => {
  await using db = await createTestDatabase();
  await using push = await startPushService();
  const running = await startForTest(db.url, { KOPEK_PUSH_ALLOW_PRIVATE: "1" });
  const sql = connect(db.url, { max: 2 });
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: bob } = await api.register("bob@example.com", "Bob");
    const flat = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const trip = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const anaIn: Record<string, string> = {
      [flat.body.id]: flat.body.memberId,
      [trip.body.id]: trip.body.memberId,
    };
    for (const g of [flat.body.id, trip.body.id]) {
      const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "member" });
      assert.equal(
        (await bob.post(`/v1/invites/${invite.body.code}/accept`, undefined)).status,
        200,
      );
    }
    const spend = (g: string, description: string) =>
      ana.post(`/v1/groups/${g}/expenses`, {
        description,
        total: { amount: "12.50", currency: "EUR" },
        date: "2026-12-01",
        paidBy: [{ memberId: anaIn[g], amount: "12.50" }],
        split: { mode: "equal", shares: [{ memberId: anaIn[g] }] },
      });

    // The public key, then this device's subscription (twice: the same one).
    const keys = await bob.get("/v1/me/push-subscriptions");
    assert.equal(keys.status, 200, JSON.stringify(keys.body));
    assert.deepEqual(keys.body.items, []);
    const device = await push.subscribe(keys.body.publicKey);
    const body = { endpoint: device.endpoint, keys: device.keys, label: "Bob's phone" };
    const created = await bob.post("/v1/me/push-subscriptions", body);
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const again = await bob.post("/v1/me/push-subscriptions", body);
    assert.equal(again.status, 201);
    assert.equal(again.body.id, created.body.id);
    assert.equal((await bob.get("/v1/me/push-subscriptions")).body.items.length, 1);
    // Ana subscribes too: her own expenses are never pushed to her.
    const anaDevice = await push.subscribe(keys.body.publicKey);
    const anaSub = { endpoint: anaDevice.endpoint, keys: anaDevice.keys };
    assert.equal((await ana.post("/v1/me/push-subscriptions", anaSub)).status, 201);

    // Bounded and checked input: bad keys, a non-URL, a too long endpoint.
    for (
      const bad of [
        { ...body, keys: { p256dh: "x", auth: device.keys.auth } },
        { ...body, endpoint: "not a url" },
        { ...body, endpoint: `https://push.example/${"a".repeat(2000)}` },
      ]
    ) {
      const refused = await bob.post("/v1/me/push-subscriptions", bad);
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
    }

    // Ana records an expense: Bob's device receives it, decrypted by the push service.
    const dinner = await spend(flat.body.id, "Dinner");
    assert.equal(dinner.status, 201, JSON.stringify(dinner.body));
    await until(
      "the push arrives",
      async () => (await push.messages(device.clientHash)).length > 0,
    );
    assert.deepEqual(JSON.parse((await push.messages(device.clientHash))[0]), {
      kind: "expense.recorded",
      groupId: flat.body.id,
      groupName: "Flat",
      actor: "Ana",
      text: "Dinner",
      amount: { amount: "12.50", currency: "EUR" },
      url: `/groups/${flat.body.id}/expenses/${dinner.body.id}`,
    });

    // Bob mutes the flat: an expense there is not pushed; one in the trip is.
    const muted = await bob.put("/v1/me/notification-settings", {
      mutedGroups: [flat.body.id],
      quietHours: null,
    });
    assert.equal(muted.status, 200, JSON.stringify(muted.body));
    assert.deepEqual((await bob.get("/v1/me/notification-settings")).body, {
      mutedGroups: [flat.body.id],
      quietHours: null,
    });
    assert.equal((await spend(flat.body.id, "Rent")).status, 201);
    assert.equal((await spend(trip.body.id, "Taxi")).status, 201);
    await until(
      "the trip's push arrives",
      async () => (await push.messages(device.clientHash)).length > 1,
    );
    // Nothing else waits in the queue: the flat's expense was never queued.
    await until(
      "the queue is empty",
      async () => (await sql`SELECT 1 FROM push_deliveries`).length === 0,
    );
    const texts = (await push.messages(device.clientHash)).map((m) => JSON.parse(m).text);
    assert.deepEqual(texts, ["Dinner", "Taxi"]);
    assert.deepEqual(await push.messages(anaDevice.clientHash), []);

    // The push service forgets Bob's device (410): the subscription is removed.
    await push.expire(device.clientHash);
    assert.equal((await spend(trip.body.id, "Museum")).status, 201);
    await until(
      "the dead subscription is removed",
      async () => (await bob.get("/v1/me/push-subscriptions")).body.items.length === 0,
    );
  } finally {
    await sql.end();
    await running.stop();
  }
});
