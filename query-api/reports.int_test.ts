/**
 * `GET /v1/groups/{g}/reports/monthly` against real PostgreSQL: the figures
 * of a generated history, validation, access, and which connection answers
 * (`e2e/operations/reports_replica.int_test.ts` does the same with a real streaming
 * replica).
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { formatAmount } from "@kopek/domain";
import { connect, createTokenIssuer, type Sql } from "@kopek/platform";
import { withDatabaseName } from "@kopek/platform/testing";
import { createProjector } from "@kopek/projector";
import { createSimGroup, nextEvents, rng, toNewEvents } from "../projector/testing/builder.ts";
import { appendTo, drain, projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { expectedReport } from "../projector/testing/reports.ts";
import { createQueryApi } from "./mod.ts";
import { Registry } from "prom-client";
import { MAX_REPORT_MONTHS } from "./routes/reports.ts";

async function setup() {
  const env = await projectorTestEnv();
  const logger = quietLogger();
  const tokens = createTokenIssuer({ secret: "test-secret-test-secret-test-secret" });
  // Small batches: amends and voids often meet effects stored by an earlier batch.
  const projector = createProjector({ sql: env.sql, store: env.store, logger, batchSize: 37 });
  const { group, events } = createSimGroup({ name: "Flat", members: 3 });
  let head = (await env.store.append({
    stream: group.stream,
    expectedVersion: 0,
    events: toNewEvents(events, group.ownerUserId),
  })).position;
  const random = rng(2026);
  for (let i = 0; i < 150; i++) head = await appendTo(env.store, group, nextEvents(group, random));
  await drain(projector, env.sql, head);
  const owner = (await tokens.issue(group.ownerUserId)).token;
  const outsider = (await tokens.issue(crypto.randomUUID())).token;
  const pools: Sql[] = [];
  /** An app whose reporting connection is `reporting` (default: the primary itself). */
  const app = (reporting?: string, metrics?: Registry) => {
    let reportingSql = env.sql;
    if (reporting !== undefined) pools.push(reportingSql = connect(reporting, { max: 2 }));
    return createQueryApi({
      sql: env.sql,
      reportingSql,
      replicaWaitMs: 150,
      metrics,
      store: env.store,
      tokens,
      logger,
    });
  };
  const get = (
    api: ReturnType<typeof app>,
    path: string,
    token = owner,
    headers: Record<string, string> = {},
  ) => api.request(path, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return {
    env,
    group,
    head,
    app,
    get,
    outsider,
    async [Symbol.asyncDispose]() {
      for (const p of pools) await p.end({ timeout: 2 });
      await env[Symbol.asyncDispose]();
    },
  };
}

Deno.test("GET reports/monthly sums the history by month, category and member (owed shares)", async () => {
  await using t = await setup();
  const api = t.app();
  try {
    const path = `/v1/groups/${t.group.groupId}/reports/monthly?from=2025-11&to=2027-02`;
    const res = await t.get(api, path);
    assertEquals(res.status, 200);
    assertEquals(res.headers.get("kopek-served-by"), "primary");
    ok(Number(res.headers.get("kopek-position")) >= t.head);
    const body = await res.json();
    const eur = (minor: bigint) => ({ amount: formatAmount(minor, "EUR"), currency: "EUR" });
    const cells = (m: Map<string, bigint>) =>
      Object.fromEntries([...m].map(([k, v]) => [k, eur(v)]));
    const expected = {
      currency: "EUR",
      months: expectedReport(t.group.events, "EUR", "2025-11", "2027-02").map((m) => ({
        month: m.month,
        total: eur(m.total),
        byCategory: cells(m.byCategory),
        byMember: cells(m.byMember),
      })),
    };
    // Every category key is named: here the built-in ones, by their own name.
    const keys = [...new Set(expected.months.flatMap((m) => Object.keys(m.byCategory)))].sort();
    assertEquals(
      body.categories,
      Object.fromEntries(keys.map((k) => [k, { name: k, icon: null, colour: null }])),
    );
    delete body.categories;
    assertEquals(body, expected);
    assertEquals(body.months.length, 16);
    ok(body.months.some((m: { byMember: object }) => Object.keys(m.byMember).length > 0));
    // Unchanged figures revalidate.
    const again = await t.get(api, path, undefined, { "if-none-match": res.headers.get("etag")! });
    assertEquals(again.status, 304);
    // Without a range: the twelve months up to the current one.
    const recent = await (await t.get(api, `/v1/groups/${t.group.groupId}/reports/monthly`)).json();
    assertEquals(recent.months.length, 12);
    assertEquals(recent.months.at(-1).month, new Date().toISOString().slice(0, 7));
  } finally {
    await api.close();
  }
});

Deno.test("GET reports/monthly refuses bad months and ranges (422) and hides other groups (404)", async () => {
  await using t = await setup();
  const api = t.app();
  try {
    const base = `/v1/groups/${t.group.groupId}/reports/monthly`;
    for (
      const bad of [
        "from=2026-13",
        "from=2026-00&to=2026-02",
        "to=2026-1",
        "from=0000-01&to=0001-01",
        "from=2026-01-01",
        "from=2026-05&to=2026-04",
        `from=2000-01&to=${2000 + MAX_REPORT_MONTHS / 12}-01`,
        "from=2026-01&to=2026-02&currency=EUR",
      ]
    ) {
      const r = await t.get(api, `${base}?${bad}`);
      assertEquals(r.status, 422, bad);
      assertEquals(r.headers.get("content-type"), "application/problem+json; charset=utf-8");
    }
    // The longest range is fine, and so are the calendar's ends.
    const longest = `from=2000-01&to=${2000 + MAX_REPORT_MONTHS / 12 - 1}-12`;
    assertEquals((await t.get(api, `${base}?${longest}`)).status, 200);
    assertEquals((await t.get(api, `${base}?from=0001-01&to=0001-12`)).status, 200);
    assertEquals((await t.get(api, `${base}?from=9999-01&to=9999-12`)).status, 200);
    assertEquals((await t.get(api, base, t.outsider)).status, 404);
    const unknown = `/v1/groups/${crypto.randomUUID()}/reports/monthly`;
    assertEquals((await t.get(api, unknown)).status, 404);
    assertEquals((await t.get(api, `/v1/groups/nope/reports/monthly`)).status, 404);
  } finally {
    await api.close();
  }
});

Deno.test("GET reports/monthly: the replica answers when it can, else the primary says so", async () => {
  await using t = await setup();
  const path = `/v1/groups/${t.group.groupId}/reports/monthly?from=2026-01&to=2026-12`;
  const primary = t.app();
  const primaryBody = await (await t.get(primary, path)).json();
  await primary.close();

  // Where each report was answered, and why, counted on one registry (ADR 0036).
  const registry = new Registry();
  // A reporting pool of its own on the same database: a replica that is never behind.
  const same = t.app(t.env.db.url, registry);
  // A "replica" that has the tables but not the group (it lags behind the group's creation).
  await using empty = await projectorTestEnv();
  const behind = t.app(empty.db.url, registry);
  // A reporting connection that fails (its database does not exist).
  const broken = t.app(withDatabaseName(t.env.db.url, "kopek_no_such_database"), registry);
  try {
    // Its pool connects first: the replica's wait (150 ms here) bounds its checks, connecting
    // included, and a cold pool on a loaded machine may take longer than that.
    assertEquals((await t.get(same, path)).headers.get("kopek-served-by"), "replica");
    const fromSame = await t.get(same, path, undefined, { "kopek-min-position": String(t.head) });
    assertEquals(fromSame.status, 200);
    assertEquals(fromSame.headers.get("kopek-served-by"), "replica");
    assertEquals(await fromSame.json(), primaryBody);

    const unknown = await t.get(behind, path);
    assertEquals(unknown.status, 200);
    assertEquals(unknown.headers.get("kopek-served-by"), "primary");
    assertEquals(await unknown.json(), primaryBody);
    // Asked for a position the replica has not applied: a short wait, then the primary.
    const started = Date.now();
    const lagging = await t.get(behind, path, undefined, { "kopek-min-position": String(t.head) });
    assertEquals(lagging.status, 200);
    assertEquals(lagging.headers.get("kopek-served-by"), "primary");
    ok(Number(lagging.headers.get("kopek-position")) >= t.head);
    ok(Date.now() - started >= 140, "waited for the replica first");

    const cases: Record<string, string>[] = [{}, { "kopek-min-position": String(t.head) }];
    for (const headers of cases) {
      const failing = await t.get(broken, path, undefined, headers);
      assertEquals(failing.status, 200);
      assertEquals(failing.headers.get("kopek-served-by"), "primary");
      assertEquals(await failing.json(), primaryBody);
    }
    const text = await registry.metrics();
    const served = (by: string, reason: string) =>
      Number(
        new RegExp(`^kopek_reports_served_total\\{by="${by}",reason="${reason}"\\} (\\d+)$`, "m")
          .exec(text)?.[1],
      );
    assertEquals(served("replica", "ok"), 2);
    assertEquals(served("primary", "unknown_group"), 1);
    assertEquals(served("primary", "lagging"), 1);
    assertEquals(served("primary", "replica_failed"), 2);
    // The replica's lag: one per registry, the first registered (the primary's own database).
    ok(/^kopek_reports_replica_lag_events 0$/m.test(text), text);
  } finally {
    await same.close();
    await behind.close();
    await broken.close();
  }
});
