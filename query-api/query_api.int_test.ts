import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { createTokenIssuer } from "@kopek/platform";
import { formatAmount, groupBalances, type GroupEvent } from "@kopek/domain";
import { createProjector } from "@kopek/projector";
import {
  createSimGroup,
  nextEvents,
  record,
  rng,
  type SimGroup,
  toNewEvents,
} from "../projector/testing/builder.ts";
import { drain, projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { createQueryApi } from "./mod.ts";

async function setup() {
  const env = await projectorTestEnv();
  const logger = quietLogger();
  const tokens = createTokenIssuer({ secret: "test-secret-test-secret-test-secret" });
  const projector = createProjector({ sql: env.sql, store: env.store, logger, batchSize: 500 });
  const api = createQueryApi({
    sql: env.sql,
    // No replica here: reports read the primary (e2e/operations/reports_replica.int_test.ts has a real one).
    reportingSql: env.sql,
    store: env.store,
    tokens,
    logger,
    // Long enough for the projector to apply a batch on a loaded CI machine (the test waits on it).
    minPositionTimeoutMs: 2_000,
  });
  const append = async (group: SimGroup, events: GroupEvent[], version: number) =>
    (await env.store.append({
      stream: group.stream,
      expectedVersion: version,
      events: toNewEvents(events, group.ownerUserId),
    })).position;
  const random = rng(77);
  const { group, events } = createSimGroup({ name: "Lisbon trip", members: 3 });
  let head = await append(group, events, 0);
  for (let i = 0; i < 60; i++) {
    const next = nextEvents(group, random);
    head = await append(group, next, group.version);
    record(group, next);
  }
  const other = createSimGroup({ name: "Flat" });
  head = await append(other.group, other.events, 0);
  await drain(projector, env.sql, head);
  const owner = (await tokens.issue(group.ownerUserId)).token;
  const outsider = (await tokens.issue(crypto.randomUUID())).token;
  const get = (path: string, token = owner, headers: Record<string, string> = {}) =>
    api.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return {
    env,
    api,
    projector,
    group,
    other: other.group,
    head,
    get,
    outsider,
    append,
    tokens,
    async [Symbol.asyncDispose]() {
      await api.close();
      await env[Symbol.asyncDispose]();
    },
  };
}

Deno.test("createQueryApi() GET /v1/groups lists the caller's groups with cursors", async () => {
  await using t = await setup();
  // The owner of `group` owns a second group too.
  const second = createSimGroup({ name: "Allotment", ownerUserId: t.group.ownerUserId });
  const head = await t.append(second.group, second.events, 0);
  await drain(t.projector, t.env.sql, head);
  const res = await t.get("/v1/groups?limit=1");
  assertEquals(res.status, 200);
  ok(res.headers.get("content-type")?.startsWith("application/json"));
  assertEquals(res.headers.get("kopek-position"), String(head));
  const page1 = await res.json();
  assertEquals(page1.items, [{
    id: second.group.groupId,
    name: "Allotment",
    currency: "EUR",
    role: "owner",
    memberCount: 4,
  }]);
  ok(typeof page1.nextCursor === "string");
  const page2 = await (await t.get(`/v1/groups?limit=1&cursor=${page1.nextCursor}`)).json();
  assertEquals(page2.items.map((g: { name: string }) => g.name), ["Lisbon trip"]);
  assertEquals(page2.nextCursor, null);
  assertEquals((await t.get("/v1/groups?limit=501")).status, 422);
  assertEquals((await t.get("/v1/groups?limit=abc")).status, 422);
  assertEquals((await t.get("/v1/groups?cursor=zzz")).status, 422);
  assertEquals((await t.get("/v1/groups?bogus=1")).status, 422);
  assertEquals((await (await t.get("/v1/groups", t.outsider)).json()).items, []);
});

Deno.test("createQueryApi() GET /v1/groups/{g} shows members, 404 for outsiders, ETag and 304", async () => {
  await using t = await setup();
  const res = await t.get(`/v1/groups/${t.group.groupId}`);
  assertEquals(res.status, 200);
  const body = await res.json();
  assertEquals(body.id, t.group.groupId);
  assertEquals(body.version, t.group.version);
  assertEquals(res.headers.get("etag"), `"${t.group.version}"`);
  assertEquals(
    body.members.map((
      m: { id: string; role: string; active: boolean },
    ) => [m.id, m.role, m.active]),
    [...t.group.state.members.values()].map((m) => [m.id, m.role, m.active]),
  );
  const cached = await t.get(`/v1/groups/${t.group.groupId}`, undefined, {
    "if-none-match": `"${t.group.version}"`,
  });
  assertEquals(cached.status, 304);
  for (const path of [`/v1/groups/${t.other.groupId}`, "/v1/groups/not-a-uuid"]) {
    const r = await t.get(path);
    assertEquals(r.status, 404);
    assertEquals(r.headers.get("content-type"), "application/problem+json; charset=utf-8");
  }
  assertEquals((await t.get(`/v1/groups/${t.group.groupId}`, t.outsider)).status, 404);
  assertEquals((await t.get(`/v1/groups/${t.group.groupId}/balances`, t.outsider)).status, 404);
  assertEquals((await t.get(`/v1/groups/${t.group.groupId}/expenses`, t.outsider)).status, 404);
  assertEquals((await t.api.request("/v1/groups")).status, 401);
  const unknown = await t.get("/v1/nothing-here");
  assertEquals(unknown.status, 404);
  assertEquals((await unknown.json()).status, 404);
});

Deno.test("createQueryApi() GET expenses: newest first, filters, pagination, one expense", async () => {
  await using t = await setup();
  const live = [...t.group.state.entries].filter(([, e]) => e.kind === "expense" && !e.voided);
  const all: { id: string; date: string }[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : "";
    const res = await t.get(`/v1/groups/${t.group.groupId}/expenses?limit=7${q}`);
    assertEquals(res.status, 200);
    const page = await res.json();
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  assertEquals(all.length, live.length);
  assertEquals(new Set(all.map((e) => e.id)), new Set(live.map(([id]) => id)));
  for (let i = 1; i < all.length; i++) ok(all[i - 1].date >= all[i].date);

  const [id, entry] = live[0];
  const one = await t.get(`/v1/groups/${t.group.groupId}/expenses/${id}`);
  assertEquals(one.status, 200);
  assertEquals(one.headers.get("etag"), `"${entry.revision}"`);
  const body = await one.json();
  assertEquals(body.version, entry.revision);
  assertEquals(body.voided, false);
  ok(body.total.amount && body.total.currency);
  const shareSum = body.shares.reduce(
    (s: bigint, x: { amount: string }) => s + BigInt(x.amount.replace(".", "")),
    0n,
  );
  assertEquals(formatAmount(shareSum, "EUR"), body.converted.amount);
  assertEquals(
    (await t.get(`/v1/groups/${t.group.groupId}/expenses/${id}`, undefined, {
      "if-none-match": `"${entry.revision}"`,
    })).status,
    304,
  );
  assertEquals(
    (await t.get(`/v1/groups/${t.group.groupId}/expenses/${crypto.randomUUID()}`)).status,
    404,
  );

  // Filters.
  const memberId = [...t.group.state.members.keys()][1];
  const byMember = await (await t.get(
    `/v1/groups/${t.group.groupId}/expenses?limit=500&memberId=${memberId}`,
  )).json();
  ok(
    byMember.items.every((e: { paid: { memberId: string }[]; shares: { memberId: string }[] }) =>
      [...e.paid, ...e.shares].some((p) => p.memberId === memberId)
    ),
  );
  const ranged = await (await t.get(
    `/v1/groups/${t.group.groupId}/expenses?limit=500&from=2026-03-01&to=2026-06-30`,
  )).json();
  ok(ranged.items.every((e: { date: string }) => e.date >= "2026-03-01" && e.date <= "2026-06-30"));
  const food = await (await t.get(`/v1/groups/${t.group.groupId}/expenses?category=food&limit=500`))
    .json();
  ok(food.items.every((e: { category: string }) => e.category === "food"));
  const taxis = await (await t.get(`/v1/groups/${t.group.groupId}/expenses?q=tax&limit=500`))
    .json();
  ok(taxis.items.length > 0);
  ok(taxis.items.every((e: { description: string }) => e.description === "Taxi"));
  for (
    const bad of [
      "from=2026-13-01",
      "memberId=nope",
      "limit=0",
      "limit=501",
      "category=cars",
      "x=1",
    ]
  ) {
    const r = await t.get(`/v1/groups/${t.group.groupId}/expenses?${bad}`);
    assertEquals(r.status, 422, bad);
    assertEquals(r.headers.get("content-type"), "application/problem+json; charset=utf-8");
  }
});

Deno.test("createQueryApi() GET balances equals the domain fold and sums to zero", async () => {
  await using t = await setup();
  const res = await t.get(`/v1/groups/${t.group.groupId}/balances`);
  assertEquals(res.status, 200);
  const body = await res.json();
  // Unchanged balances revalidate, although `asOf` (now) moved on.
  const again = await t.get(`/v1/groups/${t.group.groupId}/balances`, undefined, {
    "if-none-match": res.headers.get("etag")!,
  });
  assertEquals(again.status, 304);
  const expected = groupBalances(t.group.state);
  assertEquals(body.currency, "EUR");
  assertEquals(
    body.members.map((m: { memberId: string; balance: { amount: string } }) => [
      m.memberId,
      m.balance.amount,
    ]),
    expected.members.map((m) => [m.memberId, formatAmount(m.balance, "EUR")]),
  );
  assertEquals(
    body.settleUp,
    expected.settleUp.map((s) => ({
      from: s.from,
      to: s.to,
      amount: { amount: formatAmount(s.amount, "EUR"), currency: "EUR" },
    })),
  );
  // As of an instant before everything: nothing.
  const past = await (await t.get(
    `/v1/groups/${t.group.groupId}/balances?asOf=2000-01-01T00:00:00Z`,
  )).json();
  assertEquals(past.members, []);
  const now = await (await t.get(
    `/v1/groups/${t.group.groupId}/balances?asOf=${new Date(Date.now() + 60_000).toISOString()}`,
  )).json();
  assertEquals(now.members, body.members);
  assertEquals((await t.get(`/v1/groups/${t.group.groupId}/balances?asOf=yesterday`)).status, 422);
});

Deno.test("createQueryApi() Kopek-Min-Position waits, answers 503 when not reached, 400 when malformed", async () => {
  await using t = await setup();
  const path = `/v1/groups/${t.group.groupId}`;
  assertEquals(
    (await t.get(path, undefined, { "kopek-min-position": String(t.head) })).status,
    200,
  );
  assertEquals((await t.get(`${path}?minPosition=${t.head}`)).status, 200);
  const malformed = await t.get(path, undefined, { "kopek-min-position": "abc" });
  assertEquals(malformed.status, 400);
  const future = await t.get(path, undefined, { "kopek-min-position": String(t.head + 1_000) });
  assertEquals(future.status, 503);
  assertEquals(future.headers.get("retry-after"), "1");

  // A write the projector applies while the read waits.
  const rename: GroupEvent[] = [{ type: "GroupRenamed", data: { name: "Porto trip" } }];
  const position = await t.append(t.group, rename, t.group.version);
  record(t.group, rename);
  const waiting = t.get(path, undefined, { "kopek-min-position": String(position) });
  await drain(t.projector, t.env.sql, position);
  t.api.notifyAdvanced(position);
  const res = await waiting;
  assertEquals(res.status, 200);
  assertEquals((await res.json()).name, "Porto trip");
  ok(Number(res.headers.get("kopek-position")) >= position);
});

Deno.test("createQueryApi() GET /v1/me reads the account stream", async () => {
  await using t = await setup();
  const userId = crypto.randomUUID();
  await t.env.store.append({
    stream: `user-${userId}`,
    expectedVersion: 0,
    events: [{
      id: crypto.randomUUID(),
      type: "UserRegistered",
      schemaVersion: 1,
      data: { userId, email: "ana@example.com", displayName: "Ana", passwordHash: "x" },
      metadata: { actor: userId, commandId: crypto.randomUUID(), at: new Date().toISOString() },
    }],
  });
  const token = (await t.tokens.issue(userId)).token;
  const res = await t.get("/v1/me", token);
  assertEquals(res.status, 200);
  assertEquals(await res.json(), {
    id: userId,
    email: "ana@example.com",
    displayName: "Ana",
    defaultCurrency: null,
    telegram: { linked: false },
  });
  ok(res.headers.has("kopek-position"));
  assertEquals((await t.get("/v1/me", t.outsider)).status, 404);
});
