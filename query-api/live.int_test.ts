/**
 * Live updates across instances: one command API, one projector and two
 * query-api instances, each with its own connection to one real Valkey.
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { createCommandApi } from "@kopek/command-api";
import { createProjector, publishAdvanced } from "@kopek/projector";
import {
  createCodeMinter,
  createInProcessBus,
  createTokenIssuer,
  createValkeyBus,
  type KeyValueBus,
  publishSessionsEnded,
} from "@kopek/platform";
import { type SseEvent, sseReader, within } from "@kopek/platform/testing";
import { projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { createQueryApi } from "./mod.ts";

const VALKEY = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";

Deno.test({
  name: "live: a write reaches /live on one instance and a min-position read on another",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using env = await projectorTestEnv();
    const logger = quietLogger();
    const prefix = `kopek-test:${crypto.randomUUID()}:`;
    const buses: KeyValueBus[] = [];
    const bus = async () => {
      const b = await createValkeyBus(VALKEY, { logger, prefix });
      buses.push(b);
      return b;
    };
    const tokens = createTokenIssuer({ secret: "live-test-secret-live-test-secret" });
    const commands = createCommandApi({
      codes: createCodeMinter("c".repeat(40)),
      store: env.store,
      tokens,
      logger,
      now: () => new Date(),
      newId: uuidv7,
      passwordCost: { memoryKiB: 1024, iterations: 1 },
    });
    const projector = createProjector({
      sql: env.sql,
      store: env.store,
      logger,
      onAdvanced: publishAdvanced(await bus(), logger),
    });
    // Instance 2 polls only every minute: its wait must be woken through Valkey.
    const q1 = createQueryApi({ sql: env.sql, store: env.store, tokens, logger, bus: await bus() });
    const q2 = createQueryApi({
      sql: env.sql,
      store: env.store,
      tokens,
      logger,
      bus: await bus(),
      pollIntervalMs: 60_000,
      minPositionTimeoutMs: 5_000,
    });
    projector.start();
    try {
      const json = (token: string | null, body: unknown) => ({
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });
      const reg = await (await commands.request(
        "/v1/auth/register",
        json(null, {
          email: "ana@example.com",
          password: "correct horse battery",
          displayName: "Ana",
        }),
      )).json();
      const token = reg.token as string;
      const group = await (await commands.request(
        "/v1/groups",
        json(token, { name: "Trip", currency: "EUR" }),
      )).json();
      const auth = { authorization: `Bearer ${token}` };
      const ready = await q1.request(`/v1/groups/${group.id}`, {
        headers: { ...auth, "Kopek-Min-Position": String(group.position) },
      });
      assert.equal(ready.status, 200);

      // Access is cached (in Valkey) and dropped by the projector when it changes.
      const bob = await (await commands.request(
        "/v1/auth/register",
        json(null, {
          email: "bob@example.com",
          password: "correct horse battery",
          displayName: "Bob",
        }),
      )).json();
      const asBob = { authorization: `Bearer ${bob.token}` };
      assert.equal((await q2.request(`/v1/groups/${group.id}`, { headers: asBob })).status, 404);
      const added = await (await commands.request(
        `/v1/groups/${group.id}/members`,
        json(token, { name: "Bob", email: "bob@example.com", role: "viewer" }),
      )).json();
      const seen = await q2.request(`/v1/groups/${group.id}`, {
        headers: { ...asBob, "Kopek-Min-Position": String(added.position) },
      });
      assert.equal(seen.status, 200, "a member added meanwhile sees the group at once");
      await seen.body?.cancel();

      const live = await q1.request(`/v1/groups/${group.id}/live`, { headers: auth });
      assert.equal(live.status, 200);
      assert.match(live.headers.get("content-type") ?? "", /text\/event-stream/);
      const events = sseReader(live.body!);
      const ready1 = await within(30_000, "ready event", events.next());
      assert.equal(ready1?.event, "ready");
      assert.deepEqual(
        JSON.parse(ready1!.data!),
        { groupId: group.id, position: added.position },
        "ready says where the group stands (to resume from)",
      );

      const started = performance.now();
      const write = await commands.request(
        `/v1/groups/${group.id}/expenses`,
        json(token, {
          description: "Dinner",
          total: { amount: "30.00", currency: "EUR" },
          date: "2026-11-20",
          paidBy: [{ memberId: group.memberId, amount: "30.00" }],
          split: { mode: "equal", shares: [{ memberId: group.memberId }] },
        }),
      );
      assert.equal(write.status, 201);
      const expense = await write.json();
      // Instance 2, at once: the read waits until Valkey says the projector applied the write.
      const read2 = Promise.resolve(q2.request(`/v1/groups/${group.id}/expenses/${expense.id}`, {
        headers: { ...auth, "Kopek-Min-Position": String(expense.position) },
      }));

      let change: SseEvent | null = null;
      while (change === null || Number(change.id) < expense.position) {
        change = await within(30_000, "change event", events.next());
        assert.ok(change, "the stream stayed open");
      }
      const latencyMs = performance.now() - started;
      assert.equal(change.event, "change");
      assert.deepEqual(JSON.parse(change.data!), {
        groupId: group.id,
        position: Number(change.id),
      });
      // deno-lint-ignore no-console
      console.log(`write → SSE on another instance: ${latencyMs.toFixed(1)} ms`);

      const answer = await within(30_000, "instance 2 read", read2);
      assert.equal(answer.status, 200);
      assert.equal((await answer.json()).description, "Dinner");
      assert.ok(Number(answer.headers.get("Kopek-Position")) >= expense.position);

      // Resume: a client that saw nothing after the group was created gets a change at once.
      const resumed = await q2.request(`/v1/groups/${group.id}/live`, {
        headers: { ...auth, "Last-Event-ID": String(group.position) },
      });
      const again = sseReader(resumed.body!);
      assert.equal((await within(30_000, "ready", again.next()))?.event, "ready");
      const catchUp = await within(30_000, "resume change", again.next());
      assert.equal(catchUp?.event, "change");
      assert.equal(Number(catchUp?.id), expense.position);

      // Shutdown ends open streams with a final event that says where the group stood, and opens
      // no new one.
      await q1.endStreams();
      const last = await within(30_000, "shutdown event", events.next());
      assert.equal(last?.event, "shutdown");
      assert.deepEqual(JSON.parse(last?.data ?? "{}"), {
        groupId: group.id,
        position: expense.position,
      });
      assert.equal(await within(30_000, "end of stream", events.next()), null);
      const late = await q1.request(`/v1/groups/${group.id}/live`, { headers: auth });
      assert.equal(late.status, 503);
      assert.equal((await late.json()).code, "shutting_down");
      assert.equal(late.headers.get("Retry-After"), "1");
      await q1.close();
      await again.cancel();

      // Outsiders see no stream: 404.
      const outsider = (await tokens.issue(crypto.randomUUID())).token;
      const hidden = await q2.request(`/v1/groups/${group.id}/live`, {
        headers: { authorization: `Bearer ${outsider}` },
      });
      assert.equal(hidden.status, 404);
      await hidden.body?.cancel();
    } finally {
      await projector.stop();
      await q1.close();
      await q2.close();
      for (const b of buses) await b.close();
    }
  },
});

/**
 * A bus that loses every message (its subscriptions hear nothing) but shares
 * the cache: what a query-api instance sees while its subscriber connection
 * to Valkey is down (pub/sub is at most once).
 */
function deafTo(bus: KeyValueBus): KeyValueBus {
  return {
    get: (key) => bus.get(key),
    set: (key, value, ttlMs) => bus.set(key, value, ttlMs),
    delete: (...keys) => bus.delete(...keys),
    publish: (channel, message) => bus.publish(channel, message),
    subscribe: () => Promise.resolve(() => Promise.resolve()),
    incrementWindow: (key, windowMs) => bus.incrementWindow(key, windowMs),
    health: () => bus.health(),
    close: () => Promise.resolve(),
  };
}

Deno.test({
  name: "live: with every announcement lost, periodic checks still end streams and free listeners",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using env = await projectorTestEnv();
    const logger = quietLogger();
    const shared = createInProcessBus({ logger });
    const tokens = createTokenIssuer({ secret: "live-test-secret-live-test-secret" });
    const commands = createCommandApi({
      codes: createCodeMinter("c".repeat(40)),
      store: env.store,
      tokens,
      logger,
      now: () => new Date(),
      newId: uuidv7,
      passwordCost: { memoryKiB: 1024, iterations: 1 },
      rateLimiter: null,
      onSessionsEnded: publishSessionsEnded(shared, logger),
    });
    const projector = createProjector({
      sql: env.sql,
      store: env.store,
      logger,
      onAdvanced: publishAdvanced(shared, logger),
    });
    // Hears nothing: neither the projector's advances nor the ended sessions.
    const q = createQueryApi({
      sql: env.sql,
      store: env.store,
      tokens,
      logger,
      bus: deafTo(shared),
      pollIntervalMs: 25,
      heartbeatMs: 100,
      liveSessionCheckMs: 200,
    });
    projector.start();
    const readers: ReturnType<typeof sseReader>[] = [];
    try {
      const post = (path: string, token: string | null, body: unknown) =>
        commands.request(path, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
      const register = async (email: string, displayName: string) =>
        await (await post("/v1/auth/register", null, {
          email,
          password: "correct horse battery",
          displayName,
        })).json();
      const ana = await register("ana@example.com", "Ana");
      const group = await (await post("/v1/groups", ana.token, { name: "Trip", currency: "EUR" }))
        .json();
      const bob = await register("bob@example.com", "Bob");
      const added = await (await post(`/v1/groups/${group.id}/members`, ana.token, {
        name: "Bob",
        email: "bob@example.com",
        role: "viewer",
      })).json();
      const login = async () =>
        await (await post("/v1/auth/login", null, {
          email: "bob@example.com",
          password: "correct horse battery",
        })).json();
      const open = async (token: string) => {
        const res = await q.request(`/v1/groups/${group.id}/live`, {
          headers: {
            authorization: `Bearer ${token}`,
            "Kopek-Min-Position": String(added.position),
          },
        });
        assert.equal(res.status, 200);
        const events = sseReader(res.body!);
        readers.push(events);
        assert.equal((await within(10_000, "ready", events.next()))?.event, "ready");
        return events;
      };
      const endOf = async (events: ReturnType<typeof sseReader>) => {
        const e = await within(10_000, "end event", events.next());
        assert.equal(e?.event, "end", "no change reaches a deaf instance: the first event ends it");
        assert.equal(await within(10_000, "close", events.next()), null);
        return JSON.parse(e!.data!).reason;
      };
      const listenersAre = async (n: number) => {
        for (let i = 0; i < 400 && await q.liveListeners() !== n; i++) {
          await new Promise((r) => setTimeout(r, 25));
        }
        assert.equal(await q.liveListeners(), n);
      };

      const anas = await open(ana.token);
      const session = await login();
      const bobs = await open(session.token);
      const viaBot = await open((await tokens.issue(bob.user.id, { via: "telegram-bot" })).token);
      // Ana's, Bob's and the bot's streams listen for changes; Ana's and Bob's for their sessions.
      await listenersAre(5);

      // Logout: the announcement is lost; the periodic session check ends the stream.
      const out = await post("/v1/auth/logout", null, { refreshToken: session.refreshToken });
      assert.equal(out.status, 200);
      assert.equal(await endOf(bobs), "session_ended");
      await listenersAre(3);

      // Removal: the advance is lost; the heartbeat's access check ends the bot's stream too.
      const removed = await commands.request(
        `/v1/groups/${group.id}/members/${added.id}`,
        { method: "DELETE", headers: { authorization: `Bearer ${ana.token}` } },
      );
      assert.equal(removed.status, 200);
      assert.equal(await endOf(viaBot), "removed");
      await listenersAre(2);

      // Ana's stream lives on until she leaves; then nothing is left listening.
      await anas.cancel();
      await listenersAre(0);
    } finally {
      for (const r of readers) await r.cancel().catch(() => {});
      await projector.stop();
      await q.close();
      await shared.close();
    }
  },
});
