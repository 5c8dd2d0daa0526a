/**
 * Failures end to end, against a real all-in-one Kopek and the Telegram
 * stand-in: Telegram answering 429 with retry_after, 500, or hanging; Kopek
 * unreachable (a closed port) and coming back. Whatever happens, an expense
 * is recorded at most once, the user is never told "Recorded" before Kopek
 * answered, and the bot keeps going.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { KopekClient } from "@kopek/testing";
import { TelegramUser } from "../testing/conversation.ts";
import { readAtHead } from "../testing/read_at_head.ts";
import type { TelegramStandIn } from "../testing/telegram_stand_in.ts";
import { BOT_KEY, startBotStand } from "../testing/kopek_stand.ts";
import { type BotStore, createMemoryStore } from "../state/store.ts";
import { createBot } from "./bot.ts";
import { KopekApi } from "./kopek_api.ts";

const ANA = 42;

/** An HTTP forwarder to Kopek on a fixed port that can be taken down and brought back. */
function kopekDoor(target: string) {
  let server: Deno.HttpServer<Deno.NetAddr> | undefined;
  const open = (port: number) =>
    Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, async (req) => {
      const url = new URL(req.url);
      const body = req.method === "GET" || req.method === "HEAD" ? undefined : await req.text();
      const res = await fetch(new URL(url.pathname + url.search, target), {
        method: req.method,
        headers: req.headers,
        body,
      });
      return new Response(await res.arrayBuffer(), { status: res.status, headers: res.headers });
    });
  server = open(0);
  const port = (server.addr as Deno.NetAddr).port;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await server?.shutdown();
      server = undefined;
    },
    reopen() {
      server = open(port);
    },
    async [Symbol.asyncDispose]() {
      await server?.shutdown();
    },
  };
}

async function setUp(
  url: string,
  kopekUrl: string,
  telegram: TelegramStandIn,
  store?: BotStore,
) {
  const api = new KopekClient(url);
  const { client: ana } = await api.register("ana@example.com", "Ana");
  const group = await ana.post("/v1/groups", { name: "Trip", currency: "USD" });
  const g = group.body.id as string;
  const bob = await ana.post(`/v1/groups/${g}/members`, { name: "Bob", role: "member" });
  const code = (await ana.post("/v1/me/telegram-link", undefined)).body.code;
  const errors: unknown[] = [];
  const now = () => new Date();
  const bot = createBot({
    token: "1000:stand-in-token",
    apiRoot: telegram.apiRoot,
    kopek: new KopekApi({
      baseUrl: kopekUrl,
      botApiKey: BOT_KEY,
      now,
      newId: uuidv7,
      timeoutMs: 2000,
    }),
    idSecret: BOT_KEY,
    now,
    store,
    retryDelaysMs: [300, 300, 300, 300],
    telegramTimeoutSeconds: 2,
    onError: (e) => void errors.push(e),
  });
  await bot.init();
  const chat = new TelegramUser(ANA, bot, telegram);
  assert.match((await chat.say(`/start ${code}`))[0], /^Linked/);
  /** Expenses recorded, voided ones too: read once the read side has every event so far. */
  const recorded = async () =>
    (await readAtHead(ana, g, `/v1/groups/${g}/expenses?includeVoided=true`))
      .items as { description: string }[];
  /** Waits until the read models hold the group as set up (the bot's own reads may not wait). */
  const caughtUp = async () => {
    const a = await ana.get(`/v1/groups/${g}`, { "kopek-min-position": String(bob.body.position) });
    assert.equal(a.status, 200);
  };
  return { chat, recorded, errors, caughtUp };
}

Deno.test("Telegram answering 429, 500 or hanging: the reply arrives once, the expense is recorded once", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const { chat, recorded, errors } = await setUp(running.url, running.url, telegram);
  telegram.fail("sendMessage", { kind: "429", retryAfter: 1 });
  assert.deepEqual(
    (await chat.say("taxi 10"))[0]?.split("\n")[0],
    "Recorded 10.00 USD for taxi, paid by Ana, split equally between Ana, Bob (everyone) (today).",
  );
  telegram.fail("sendMessage", { kind: "500" });
  assert.match((await chat.say("lunch 20"))[0], /^Recorded 20\.00 USD for lunch/);
  telegram.fail("sendMessage", { kind: "hang" });
  assert.match((await chat.say("museum 30"))[0], /^Recorded 30\.00 USD for museum/);
  const failedCalls = telegram.calls.filter((c) => c.method === "sendMessage").length -
    telegram.sentTo(ANA).length;
  assert.equal(failedCalls, 3, "each failure was retried");
  assert.deepEqual((await recorded()).map((e) => e.description).sort(), [
    "lunch",
    "museum",
    "taxi",
  ]);
  assert.equal(errors.length, 0, String(errors));
});

Deno.test("Kopek down: no 'Recorded' until it is, retried with the same id, never twice, no crash", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  await using door = kopekDoor(running.url);
  const { chat, recorded, errors } = await setUp(running.url, door.url, telegram);

  // Down, back up while the bot retries: told it is not saved yet, then the confirmation.
  await door.close();
  setTimeout(() => door.reopen(), 700);
  const replies = await chat.say("dinner 40");
  assert.equal(replies.length, 2, JSON.stringify(replies));
  assert.equal(replies[0], "Kopek is unreachable right now; I'll retry. Not saved yet.");
  assert.match(replies[1], /^Recorded 40\.00 USD for dinner/);

  // Down for good: told it was not saved, and nothing is recorded.
  await door.close();
  const messageId = chat.nextMessageId;
  const lost = await chat.say("hotel 90");
  assert.deepEqual(lost, [
    "Kopek is unreachable right now; I'll retry. Not saved yet.",
    "Not saved: Kopek is still unreachable. Please send it again later.",
  ]);
  assert.deepEqual((await recorded()).map((e) => e.description), ["dinner"]);

  // Back up; Telegram delivers the same message again: recorded once, even delivered twice.
  door.reopen();
  assert.match((await chat.resend(messageId, "hotel 90"))[0], /^Recorded 90\.00 USD for hotel/);
  assert.match((await chat.resend(messageId, "hotel 90"))[0], /^Recorded 90\.00 USD for hotel/);
  assert.deepEqual((await recorded()).map((e) => e.description).sort(), ["dinner", "hotel"]);
  assert.equal(errors.length, 0, String(errors));
});

/** A store that fails every call while `down` is set, like Valkey unreachable. */
function breakableStore() {
  const inner = createMemoryStore();
  const state = { down: false };
  const guard = <T>(f: () => Promise<T>) =>
    state.down ? Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379")) : f();
  const store: BotStore = {
    read: (key, ttl) => guard(() => inner.read(key, ttl)),
    write: (key, value, ttl) => guard(() => inner.write(key, value, ttl)),
    delete: (key) => guard(() => inner.delete(key)),
    list: (key, ttl) => guard(() => inner.list(key, ttl)),
    push: (key, item, max, ttl) => guard(() => inner.push(key, item, max, ttl)),
    pull: (key, id) => guard(() => inner.pull(key, id)),
    fields: (key, ttl) => guard(() => inner.fields(key, ttl)),
    merge: (key, fields, ttl) => guard(() => inner.merge(key, fields, ttl)),
    raise: (key, value, ttl) => guard(() => inner.raise(key, value, ttl)),
    count: (key, windowMs) => guard(() => inner.count(key, windowMs)),
    close: () => inner.close(),
  };
  return { store, state };
}

Deno.test("the state store down: the user is told nothing was recorded, the bot goes on", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const { store, state } = breakableStore();
  const { chat, recorded, errors } = await setUp(running.url, running.url, telegram, store);
  state.down = true;
  assert.deepEqual(await chat.say("taxi 10"), [
    "Kopek could not do that right now; nothing was recorded. Please try again.",
  ]);
  assert.equal(errors.length, 1, "logged through bot.catch");
  assert.deepEqual(await recorded(), []);
  state.down = false;
  assert.match((await chat.say("taxi 10"))[0], /^Recorded 10\.00 USD for taxi/);
  assert.equal((await recorded()).length, 1);
});

Deno.test("the state store down during /start: the link is made and the user is told so", async () => {
  await using stand = await startBotStand();
  const { telegram, running } = stand;
  const { store, state } = breakableStore();
  state.down = true;
  // setUp links (/start) while the store is down and expects the "Linked" reply.
  const { chat, errors, caughtUp } = await setUp(running.url, running.url, telegram, store);
  assert.equal(errors.length, 1, "the failed state write is logged");
  state.down = false;
  // The link's position was not kept (the store was down), so the bot's next read cannot ask
  // the read models to wait for the group made before linking: let them catch up first.
  await caughtUp();
  assert.match((await chat.say("taxi 10"))[0], /^Recorded 10\.00 USD for taxi/);
});
