import assert from "node:assert/strict";
import { KopekApi, KopekApiError, KopekUnreachable, type NewExpense } from "./kopek_api.ts";

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly body: unknown;
}

/** A fake Kopek: records requests, answers tokens expiring 15 minutes after `clock`. */
function fakeKopek(clock: { ms: number }) {
  const seen: Seen[] = [];
  let issued = 0;
  const fetcher = (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    seen.push({ method: init?.method ?? "GET", path: url.pathname, headers, body });
    if (url.pathname === "/v1/telegram/tokens") {
      if (body.telegramUserId === 7) {
        return Promise.resolve(
          Response.json({ status: 404, code: "telegram.not_linked", detail: "not linked" }, {
            status: 404,
          }),
        );
      }
      issued++;
      return Promise.resolve(Response.json({
        userId: "u1",
        token: `t${issued}`,
        expiresAt: new Date(clock.ms + 15 * 60_000).toISOString(),
      }));
    }
    return Promise.resolve(Response.json({ id: "e1", version: 2, position: 9 }));
  };
  return { seen, fetch: fetcher as typeof fetch };
}

Deno.test("KopekApi caches a user's token until shortly before it expires", async () => {
  const clock = { ms: Date.parse("2026-11-22T10:00:00Z") };
  const fake = fakeKopek(clock);
  const api = new KopekApi({
    baseUrl: "http://kopek.test",
    botApiKey: "service-key",
    now: () => new Date(clock.ms),
    fetch: fake.fetch,
    newId: () => "0193-fixed",
  });
  assert.equal((await api.session(42)).token, "t1");
  clock.ms += 13 * 60_000;
  assert.equal((await api.session(42)).token, "t1", "still 2 minutes left");
  clock.ms += 90_000;
  assert.equal((await api.session(42)).token, "t2", "renewed within the last minute");
  const tokenCalls = fake.seen.filter((s) => s.path === "/v1/telegram/tokens");
  assert.equal(tokenCalls.length, 2);
  assert.equal(tokenCalls[0].headers.get("authorization"), "Bearer service-key");
});

Deno.test("KopekApi sends a client id on create, If-Match on void, the user's token", async () => {
  const clock = { ms: Date.now() };
  const fake = fakeKopek(clock);
  const api = new KopekApi({
    baseUrl: "http://kopek.test",
    botApiKey: "service-key",
    fetch: fake.fetch,
    newId: () => "0193-fixed",
  });
  const expense: NewExpense = {
    description: "taxi",
    total: { amount: "12.50", currency: "USD" },
    date: "2026-11-22",
    category: "transport",
    paidBy: [{ memberId: "m1", amount: "12.50" }],
    split: { mode: "equal" as const, shares: [{ memberId: "m1" }] },
  };
  await api.recordExpense(42, "g1", expense);
  await api.voidExpense(42, "g1", "e1", 1);
  await api.balances(42, "g1", 9);
  const [, create, del, read] = fake.seen;
  assert.equal(create.path, "/v1/groups/g1/expenses");
  assert.deepEqual(create.body, { id: "0193-fixed", ...expense });
  assert.equal(create.headers.get("authorization"), "Bearer t1");
  assert.equal(create.headers.get("content-type"), "application/json; charset=utf-8");
  assert.equal(del.method, "DELETE");
  assert.equal(del.headers.get("if-match"), '"1"');
  assert.equal(read.headers.get("kopek-min-position"), "9");

  await assert.rejects(
    api.groups(7),
    (e) => e instanceof KopekApiError && e.status === 404 && e.code === "telegram.not_linked",
  );
});

Deno.test("KopekApi reports network failures and timeouts as KopekUnreachable, a bug as itself", async () => {
  const failing = (error: unknown) =>
    new KopekApi({
      baseUrl: "http://kopek.test",
      botApiKey: "service-key",
      fetch: () => Promise.reject(error),
      newId: () => "0193-fixed",
    });
  const refused = new TypeError("error sending request: connection refused");
  await assert.rejects(
    failing(refused).session(42),
    (e) => e instanceof KopekUnreachable && e.cause === refused,
  );
  await assert.rejects(
    failing(new DOMException("signal timed out", "TimeoutError")).session(42),
    KopekUnreachable,
  );
  // A body that cannot be sent is the caller's bug, not Kopek down: its TypeError as it is.
  const fake = fakeKopek({ ms: Date.now() });
  const api = new KopekApi({
    baseUrl: "http://kopek.test",
    botApiKey: "service-key",
    fetch: fake.fetch,
    newId: () => "0193-fixed",
  });
  await assert.rejects(
    api.recordSettlement(42, "g1", {
      from: "m1",
      to: "m2",
      amount: { amount: 5n as unknown as string, currency: "USD" },
      date: "2026-11-22",
    }),
    (e) => e instanceof TypeError && !(e instanceof KopekUnreachable),
  );
});
