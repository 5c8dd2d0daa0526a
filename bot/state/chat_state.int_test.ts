/**
 * The chat state over both stores: concurrent updates (several webhook
 * instances, or overlapping updates in one) lose nothing, and every key
 * expires when unused for long, its time to live renewed on use.
 */
import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { ChatState, type RecordedEntry } from "./chat_state.ts";
import { createMemoryStore } from "./store.ts";
import { createValkeyStore } from "./valkey_store.ts";

const URL = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
const DAY_S = 24 * 3600;

const entry = (id: string, version = 1): RecordedEntry => ({
  kind: "expense",
  groupId: "g1",
  id,
  version,
});

/** Two ChatStates sharing one state: over one memory store, or two Valkey connections. */
function stores(): {
  name: string;
  open: () => { a: ChatState; b: ChatState; close(): Promise<void> };
}[] {
  return [
    {
      name: "memory",
      open: () => {
        const store = createMemoryStore();
        return { a: new ChatState(store), b: new ChatState(store), close: () => store.close() };
      },
    },
    {
      name: "Valkey",
      open: () => {
        const prefix = `kopek-test:bot:${crypto.randomUUID()}:`;
        const one = createValkeyStore(URL, { prefix });
        const two = createValkeyStore(URL, { prefix });
        return {
          a: new ChatState(one),
          b: new ChatState(two),
          close: async () => {
            await one.close();
            await two.close();
          },
        };
      },
    },
  ];
}

for (const { name, open } of stores()) {
  Deno.test(`ChatState (${name}): concurrent pushes, drops and preference changes lose nothing`, async () => {
    const { a, b, close } = open();
    try {
      const ids = Array.from({ length: 12 }, (_, i) => `e${i}`);
      await Promise.all(ids.map((id, i) => (i % 2 ? a : b).pushRecorded(1, 7, entry(id))));
      assert.deepEqual((await a.recorded(1, 7)).map((e) => e.id).sort(), [...ids].sort());
      // Replacing an entry (same id) keeps one copy, the newest, last.
      await a.pushRecorded(1, 7, entry("e3", 2));
      const after = await b.recorded(1, 7);
      assert.equal(after.filter((e) => e.id === "e3").length, 1);
      assert.deepEqual(after.at(-1), entry("e3", 2));
      await Promise.all(ids.slice(0, 6).map((id, i) => (i % 2 ? a : b).dropRecorded(1, 7, id)));
      assert.deepEqual((await a.recorded(1, 7)).map((e) => e.id).sort(), ids.slice(6).sort());
      // At most 20 kept, the newest.
      for (let i = 0; i < 25; i++) await a.pushRecorded(2, 7, entry(`x${i}`));
      const kept = await b.recorded(2, 7);
      assert.equal(kept.length, 20);
      assert.deepEqual([kept[0].id, kept.at(-1)!.id], ["x5", "x24"]);

      await Promise.all([a.setPrefs(7, { lang: "de" }), b.setPrefs(7, { muted: true })]);
      assert.deepEqual(await a.prefs(7), { lang: "de", muted: true });
      await a.setPrefs(7, { muted: false });
      assert.deepEqual(await b.prefs(7), { lang: "de", muted: false });

      // The position never goes back, whatever the order of concurrent writes.
      await Promise.all([a.setPosition(7, 5), b.setPosition(7, 9), a.setPosition(7, 7)]);
      assert.equal(await b.position(7), 9);
    } finally {
      await close();
    }
  });
}

Deno.test("ChatState (memory): keys expire once unused for long, each use renews them", async () => {
  const clock = { ms: Date.parse("2026-11-22T10:00:00Z") };
  const later = (days: number) => void (clock.ms += days * DAY_S * 1000);
  const state = new ChatState(createMemoryStore({ now: () => clock.ms }));
  await state.setGroup(1, "g1");
  await state.setPrefs(7, { lang: "es" });
  await state.pushRecorded(1, 7, entry("e1"));
  await state.setPosition(7, 3);
  later(29);
  assert.equal((await state.recorded(1, 7)).length, 1, "read: renewed for 30 days");
  later(29);
  assert.equal((await state.recorded(1, 7)).length, 1);
  assert.equal(await state.group(1), "g1", "used at day 58: renewed for 90 days");
  later(31);
  assert.deepEqual(await state.recorded(1, 7), [], "unused for 31 days: gone");
  assert.equal(await state.position(7), undefined, "unused for 89 days: gone");
  assert.deepEqual(await state.prefs(7), { lang: "es" }, "unused for 89 days: kept");
  later(58);
  assert.equal(await state.group(1), "g1", "last used 89 days ago (day 58): kept");
  later(91);
  assert.equal(await state.group(1), undefined, "unused for 91 days: gone");
  assert.deepEqual(await state.prefs(7), {}, "unused since day 0: gone");
});

Deno.test("ChatState (Valkey): every key has a time to live, renewed on use", async () => {
  const prefix = `kopek-test:bot:${crypto.randomUUID()}:`;
  const store = createValkeyStore(URL, { prefix });
  const redis = new Redis(URL);
  try {
    const state = new ChatState(store);
    await state.setGroup(1, "g1");
    await state.setPrefs(7, { lang: "es" });
    await state.pushRecorded(1, 7, entry("e1"));
    await state.setPosition(7, 3);
    const keys = (await redis.keys(`${prefix}*`)).sort();
    assert.equal(keys.length, 4, keys.join());
    for (const key of keys) {
      const ttl = await redis.ttl(key);
      assert.ok(ttl > 0 && ttl <= 90 * DAY_S, `${key}: ${ttl}`);
    }
    // A read renews: shorten the group's time to live, read it, and it is back to 90 days.
    await redis.expire(`${prefix}group:1`, 100);
    assert.equal(await state.group(1), "g1");
    assert.ok(await redis.ttl(`${prefix}group:1`) > 89 * DAY_S);
  } finally {
    await store.close();
    await redis.quit();
  }
});
