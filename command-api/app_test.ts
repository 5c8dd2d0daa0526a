import assert from "node:assert/strict";
import { createMemoryEventStore, type EventStore } from "@kopek/eventstore";
import { createLogger } from "@kopek/platform";
import { createMemoryCommandApi, requestApp } from "./_memory_testing.ts";

/**
 * The in-memory store with its appends held at a gate while `mode` says so
 * ("hold": until `release()`; "fail": a plain error, as from a bug).
 */
function gatedStore() {
  const inner = createMemoryEventStore();
  const state = {
    mode: "pass" as "pass" | "hold" | "fail",
    held: [] as Promise<unknown>[],
  };
  let open!: () => void;
  const gate = new Promise<void>((resolve) => open = resolve);
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== "append" || typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (state.mode === "fail") return Promise.reject(new Error("secret internals"));
        if (state.mode === "pass") return value.apply(target, args);
        const done = gate.then(() => value.apply(target, args));
        state.held.push(done);
        return done;
      };
    },
  }) as EventStore;
  return { store, state, release: () => open() };
}

Deno.test("a path no route serves is a 404 not_found problem, for writes and reads alike", async () => {
  const api = createMemoryCommandApi();
  const ana = await api.user("Ana");
  for (const [method, path] of [["POST", "/v1/nothing"], ["GET", "/v1/groups"], ["PUT", "/x"]]) {
    const answer = await ana.send(method, path, method === "GET" ? undefined : {});
    assert.equal(answer.status, 404, `${method} ${path}: ${answer.text}`);
    assert.equal(answer.body.code, "not_found");
    assert.match(answer.headers.get("content-type") ?? "", /^application\/problem\+json/);
  }
});

Deno.test("the write routes need a user's token: 401 unauthenticated without one or with a bad one", async () => {
  const api = createMemoryCommandApi();
  for (const token of [null, "not.a.token"]) {
    const answer = await requestApp(api.app, token, "POST", "/v1/groups", {
      name: "Flat",
      currency: "EUR",
    });
    assert.equal(answer.status, 401, answer.text);
    assert.equal(answer.body.code, "unauthenticated");
    assert.equal(answer.headers.get("www-authenticate"), 'Bearer realm="kopek"');
  }
  assert.equal(await api.store.headPosition(), 0);
});

Deno.test("a JSON body over the limit is 413 too_large before anything is written", async () => {
  const api = createMemoryCommandApi({ maxBodyBytes: 300 });
  const ana = await api.user("Ana");
  const head = await api.store.headPosition();
  const answer = await ana.send("POST", "/v1/groups", { name: "x".repeat(400), currency: "EUR" });
  assert.equal(answer.status, 413, answer.text);
  assert.equal(answer.body.code, "too_large");
  assert.equal(await api.store.headPosition(), head);
});

Deno.test("while storage is full, writes are 503 storage_full with Retry-After; they resume after", async () => {
  let full = false;
  const api = createMemoryCommandApi({ storage: { state: () => ({ full, lowest: null }) } });
  const ana = await api.user("Ana");
  full = true;
  const paused = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  assert.equal(paused.status, 503, paused.text);
  assert.equal(paused.body.code, "storage_full");
  assert.ok(Number(paused.headers.get("retry-after")) > 0);
  full = false;
  const resumed = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  assert.equal(resumed.status, 201, resumed.text);
});

Deno.test("a write not done in time answers 503 database_unavailable; it goes on, and a retry answers its result", async () => {
  const { store, state, release } = gatedStore();
  // The deadline covers every write, the registration's too (a password hash): 50 ms was passed
  // by a registration on a loaded machine. The held write never finishes, so any bound shows it.
  const api = createMemoryCommandApi({ store, writeTimeoutMs: 1_000 });
  const ana = await api.user("Ana");
  state.mode = "hold";
  const key = { "idempotency-key": crypto.randomUUID() };
  const body = { name: "Flat", currency: "EUR" };
  const late = await ana.send("POST", "/v1/groups", body, key);
  assert.equal(late.status, 503, late.text);
  assert.equal(late.body.code, "database_unavailable");
  assert.ok(Number(late.headers.get("retry-after")) > 0);
  state.mode = "pass";
  release();
  await Promise.all(state.held);
  const retry = await ana.send("POST", "/v1/groups", body, key);
  assert.equal(retry.status, 201, retry.text);
  assert.equal(retry.body.name, "Flat");
  // The retry appended nothing: the held write was the one.
  assert.equal(await store.headPosition(), retry.body.position);
});

Deno.test("an unexpected error is a 500 internal problem that tells nothing, and is logged", async () => {
  const raw: string[] = [];
  const logger = createLogger({ level: "info", destination: { write: (s) => void raw.push(s) } });
  const { store, state } = gatedStore();
  const api = createMemoryCommandApi({ store, logger });
  const ana = await api.user("Ana");
  state.mode = "fail";
  const answer = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  assert.equal(answer.status, 500, answer.text);
  assert.equal(answer.body.code, "internal");
  assert.doesNotMatch(answer.text, /secret internals/);
  assert.ok(
    raw.some((line) => line.includes("unexpected error") && line.includes("secret internals")),
  );
});

Deno.test("accounts' personal data is sealed in the log: no email or name in clear", async () => {
  const api = createMemoryCommandApi();
  const email = `ana-${crypto.randomUUID()}@example.com`;
  const reg = await requestApp(api.app, null, "POST", "/v1/auth/register", {
    email,
    password: "correct horse battery staple",
    displayName: "Anastasia Quux",
  });
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.body.user.displayName, "Anastasia Quux");
  const stored = JSON.stringify(await api.store.readAll({ after: null, limit: 100 }));
  assert.ok(stored.includes("UserRegistered"));
  assert.ok(!stored.includes(email), "the email is in clear");
  assert.ok(!stored.includes("Anastasia Quux"), "the name is in clear");
});
