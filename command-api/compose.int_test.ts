/**
 * The command API as `compose` wires it for its own process and for the
 * all-in-one, on a throwaway migrated database (the import queue and the
 * rates live there): what each configuration variable and shared part
 * turns on, seen through HTTP.
 */
import assert from "node:assert/strict";
import { createMemoryEventStore, migrateSchema } from "@kopek/eventstore";
import { IMPORTS_QUEUED_CHANNEL } from "@kopek/imports";
import {
  createInProcessBus,
  createLogger,
  createMetricsRegistry,
  createTokenIssuer,
  SESSIONS_ENDED_CHANNEL,
  type StorageWatcher,
} from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import type { Hono } from "hono";
import { requestApp } from "./_testing_client.ts";
import { type CommandApiComposeConfig, type CommandApiShared, compose } from "./compose.ts";
import { COMMAND_API_SCHEMA } from "./readiness.ts";

const SECRET = "compose-test-secret-0123456789abcdefghij";
const BOT_KEY = "compose-test-bot-key-0123456789abcdefghij";
const PASSWORD = "correct horse battery staple";

const CONFIG: CommandApiComposeConfig = {
  KOPEK_JWT_SECRET: SECRET,
  KOPEK_RATE_LIMITS: "on",
  KOPEK_TRUST_PROXY: "off",
  KOPEK_BOT_API_KEY: BOT_KEY,
};

async function stand() {
  const db = await createTestDatabase("kopek_cmd_compose");
  await migrateSchema(db.sql, COMMAND_API_SCHEMA);
  const bus = createInProcessBus();
  let full = false;
  const shared: CommandApiShared = {
    sql: db.sql,
    bus,
    logger: createLogger({ level: "silent" }),
    metrics: createMetricsRegistry({ process: false }),
    store: createMemoryEventStore(),
    storage: { state: () => ({ full, lowest: null }) } as unknown as StorageWatcher,
  };
  return {
    db,
    bus,
    shared,
    setFull: (value: boolean) => full = value,
    async register(app: Hono) {
      const reg = await requestApp(app, null, "POST", "/v1/auth/register", {
        email: `ana-${crypto.randomUUID()}@example.com`,
        password: PASSWORD,
        displayName: "Ana",
      });
      assert.equal(reg.status, 201, reg.text);
      return reg.body as {
        user: { id: string; email: string };
        token: string;
        refreshToken: string;
      };
    },
    [Symbol.asyncDispose]: () => db[Symbol.asyncDispose](),
  };
}

/**
 * Messages published on a channel of the bus (the in-process bus delivers in
 * a microtask: before the request that published has been answered).
 */
async function listen(bus: ReturnType<typeof createInProcessBus>, channel: string) {
  const messages: string[] = [];
  await bus.subscribe(channel, (m) => void messages.push(m));
  return messages;
}

Deno.test("compose(): tokens are signed with KOPEK_JWT_SECRET unless the process shares its issuer", async () => {
  await using s = await stand();
  const app = compose(CONFIG, s.shared);
  const ana = await s.register(app);
  const own = await createTokenIssuer({ secret: SECRET }).issue(ana.user.id);
  const other = await createTokenIssuer({ secret: "another-secret-0123456789abcdefghijkl" })
    .issue(ana.user.id);
  const patch = (token: string) =>
    requestApp(app, token, "PATCH", "/v1/me", { displayName: "Anna" });
  assert.equal((await patch(own.token)).status, 200);
  assert.equal((await patch(other.token)).status, 401);
  // The all-in-one passes one issuer to every API.
  const sharedIssuer = createTokenIssuer({ secret: "another-secret-0123456789abcdefghijkl" });
  const allInOne = compose(CONFIG, { ...s.shared, tokens: sharedIssuer });
  const bo = await s.register(allInOne);
  const { token } = await sharedIssuer.issue(bo.user.id);
  assert.equal(
    (await requestApp(allInOne, token, "PATCH", "/v1/me", { displayName: "B" })).status,
    200,
  );
});

Deno.test("compose(): KOPEK_RATE_LIMITS on counts logins on the bus, off counts none", async () => {
  await using s = await stand();
  for (const [limits, expected] of [["on", 429], ["off", 401]] as const) {
    const app = compose({ ...CONFIG, KOPEK_RATE_LIMITS: limits }, s.shared);
    const ana = await s.register(app);
    let last = 0;
    for (let i = 0; i <= 10; i++) {
      last = (await requestApp(app, null, "POST", "/v1/auth/login", {
        email: ana.user.email,
        password: `wrong ${i}`,
      })).status;
    }
    assert.equal(last, expected, limits);
  }
});

Deno.test("compose(): the bot's key, the storage guard and the process's registry are wired", async () => {
  await using s = await stand();
  const app = compose(CONFIG, s.shared);
  const ana = await s.register(app);
  const bot = (key: string) =>
    requestApp(app, key, "POST", "/v1/telegram/tokens", { telegramUserId: 1 });
  assert.equal((await bot(BOT_KEY)).body.code, "telegram.not_linked");
  assert.equal((await bot("x".repeat(40))).status, 401);
  const keyless = compose({ ...CONFIG, KOPEK_BOT_API_KEY: undefined }, s.shared);
  assert.equal(
    (await requestApp(keyless, BOT_KEY, "POST", "/v1/telegram/tokens", { telegramUserId: 1 }))
      .status,
    401,
  );
  s.setFull(true);
  const paused = await requestApp(app, ana.token, "POST", "/v1/groups", {
    name: "Flat",
    currency: "EUR",
  });
  assert.equal(paused.body.code, "storage_full");
  s.setFull(false);
  const created = await requestApp(app, ana.token, "POST", "/v1/groups", {
    name: "Flat",
    currency: "EUR",
  });
  assert.equal(created.status, 201, created.text);
  assert.match(
    await s.shared.metrics!.metrics(),
    /kopek_commands_accepted_total\{command="group\.create"\} 1/,
  );
});

Deno.test("compose(): ended sessions and queued imports are announced on the bus, or to the process's hook", async () => {
  await using s = await stand();
  const app = compose(CONFIG, s.shared);
  const ana = await s.register(app);
  const ended = await listen(s.bus, SESSIONS_ENDED_CHANNEL);
  const out = await requestApp(app, null, "POST", "/v1/auth/logout", {
    refreshToken: ana.refreshToken,
  });
  assert.equal(out.status, 200, out.text);
  assert.equal(ended.length, 1);
  assert.equal(JSON.parse(ended[0]).userId, ana.user.id);

  const queued = await listen(s.bus, IMPORTS_QUEUED_CHANNEL);
  const upload = () =>
    app.request("/v1/imports", {
      method: "POST",
      headers: { authorization: `Bearer ${ana.token}`, "content-type": "application/sql" },
      body: "-- not much of a dump\n",
    });
  const res = await upload();
  assert.equal(res.status, 202, await res.clone().text());
  const { id } = await res.json();
  assert.deepEqual(queued, [id]);
  // The all-in-one wakes its own worker instead.
  const woken: string[] = [];
  const allInOne = compose(CONFIG, { ...s.shared, onImportQueued: (i) => void woken.push(i) });
  const res2 = await allInOne.request("/v1/imports", {
    method: "POST",
    headers: { authorization: `Bearer ${ana.token}`, "content-type": "application/sql" },
    body: "-- another\n",
  });
  assert.equal(res2.status, 202);
  assert.deepEqual(woken, [(await res2.json()).id]);
  assert.equal(queued.length, 1);
});
