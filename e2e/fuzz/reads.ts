/**
 * Fuzz routes: the reads: the account, groups, members, invites, expenses, settlements, balances,
 * reports, activity, events, verify and exports.
 *
 * @module
 */
import assert from "node:assert/strict";
import { eventLog, want } from "./_kit/fixture.ts";
import type { Good } from "./_kit/good.ts";
import { g0, type Route } from "./_kit/route.ts";

/** The reads routes. */
export const READS_ROUTES: readonly Route[] = [
  // Reads
  {
    name: "GET me",
    op: "GET /v1/me",
    method: "GET",
    path: "/v1/me",
    ids: () => [],
    auth: "user",
    zedOk: true,
    params: [],
  },
  {
    name: "GET me/sessions",
    op: "GET /v1/me/sessions",
    method: "GET",
    path: "/v1/me/sessions",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    params: [],
  },
  {
    name: "GET me/export",
    op: "GET /v1/me/export",
    method: "GET",
    path: "/v1/me/export",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ownerOnly: true,
    params: [],
  },
  {
    name: "GET groups",
    op: "GET /v1/groups",
    method: "GET",
    path: "/v1/groups",
    ids: () => [],
    auth: "user",
    zedOk: true,
    params: ["limit", "cursor"],
  },
  {
    name: "GET group",
    op: "GET /v1/groups/{g}",
    method: "GET",
    path: "/v1/groups/{0}",
    ids: g0,
    auth: "user",
    params: [],
  },
  {
    name: "GET payment handles",
    op: "GET /v1/groups/{g}/payment-handles",
    method: "GET",
    path: "/v1/groups/{0}/payment-handles",
    ids: g0,
    auth: "user",
    params: [],
  },
  {
    name: "GET members",
    op: "GET /v1/groups/{g}/members",
    method: "GET",
    path: "/v1/groups/{0}/members",
    ids: g0,
    auth: "user",
    params: [],
  },
  {
    name: "GET member",
    op: "GET /v1/groups/{g}/members/{m}",
    method: "GET",
    path: "/v1/groups/{0}/members/{1}",
    ids: (f) => [f.g, f.B],
    auth: "user",
    params: [],
  },
  {
    name: "GET invites",
    op: "GET /v1/groups/{g}/invites",
    method: "GET",
    path: "/v1/groups/{0}/invites",
    ids: g0,
    auth: "user",
    params: ["limit", "cursor", "status"],
  },
  {
    name: "GET expenses",
    op: "GET /v1/groups/{g}/expenses",
    method: "GET",
    path: "/v1/groups/{0}/expenses",
    ids: g0,
    auth: "user",
    params: [
      "limit",
      "cursor",
      "from",
      "to",
      "category",
      "memberId",
      "q",
      "kind",
      "includeVoided",
      "asOf",
    ],
  },
  {
    name: "GET expense",
    op: "GET /v1/groups/{g}/expenses/{e}",
    method: "GET",
    path: "/v1/groups/{0}/expenses/{1}",
    ids: (f) => [f.g, f.E],
    auth: "user",
    params: [],
  },
  {
    name: "GET expense history",
    op: "GET /v1/groups/{g}/expenses/{e}/history",
    method: "GET",
    path: "/v1/groups/{0}/expenses/{1}/history",
    ids: (f) => [f.g, f.E],
    auth: "user",
    params: [],
  },
  {
    name: "GET comments",
    op: "GET /v1/groups/{g}/expenses/{e}/comments",
    method: "GET",
    path: "/v1/groups/{0}/expenses/{1}/comments",
    ids: (f) => [f.g, f.E],
    auth: "user",
    params: ["limit", "cursor"],
  },
  {
    name: "GET settlement",
    op: "GET /v1/groups/{g}/settlements/{s}",
    method: "GET",
    path: "/v1/groups/{0}/settlements/{1}",
    ids: (f) => [f.g, f.S],
    auth: "user",
    params: [],
  },
  {
    name: "GET balances",
    op: "GET /v1/groups/{g}/balances",
    method: "GET",
    path: "/v1/groups/{0}/balances",
    ids: g0,
    auth: "user",
    params: ["asOf"],
  },
  {
    name: "GET monthly report",
    op: "GET /v1/groups/{g}/reports/monthly",
    method: "GET",
    path: "/v1/groups/{0}/reports/monthly",
    ids: g0,
    auth: "user",
    params: ["from", "to"],
  },
  {
    name: "GET activity",
    op: "GET /v1/groups/{g}/activity",
    method: "GET",
    path: "/v1/groups/{0}/activity",
    ids: g0,
    auth: "user",
    params: ["limit", "cursor"],
  },
  {
    name: "GET events",
    op: "GET /v1/groups/{g}/events",
    method: "GET",
    path: "/v1/groups/{0}/events",
    ids: g0,
    auth: "user",
    params: ["after", "cursor", "limit"],
  },
  {
    name: "GET verify",
    op: "GET /v1/groups/{g}/verify",
    method: "GET",
    path: "/v1/groups/{0}/verify",
    ids: g0,
    auth: "user",
    params: [],
  },
  {
    name: "GET export.sql",
    op: "GET /v1/groups/{g}/export.sql",
    method: "GET",
    path: "/v1/groups/{0}/export.sql",
    ids: g0,
    auth: "user",
    params: [],
    produces: "application/sql",
  },
  {
    name: "GET export.csv",
    op: "GET /v1/groups/{g}/export.csv",
    method: "GET",
    path: "/v1/groups/{0}/export.csv",
    ids: g0,
    auth: "user",
    params: [],
    produces: "text/csv",
  },
];

/** The reads routes' known-good sequences. */
export const READS_GOOD: Readonly<Record<string, Good>> = {
  reads: {
    weight: 3,
    appends: false,
    async run(f, ana) {
      const at = { "Kopek-Min-Position": String((await eventLog(f.db)).head) };
      const g = `/v1/groups/${f.g}`;
      const paths = [
        "/v1/me",
        "/v1/groups?limit=1",
        `/v1/groups?cursor=${f.groupsCursor}`,
        g,
        `${g}/members`,
        `${g}/members/${f.B}`,
        `${g}/expenses?kind=all&includeVoided=true&limit=500&from=0001-01-01&to=9999-12-31`,
        `${g}/expenses?cursor=${f.entriesCursor}&q=fuzz&category=food&memberId=${f.A}`,
        `${g}/expenses/${f.E}`,
        `${g}/settlements/${f.S}`,
        `${g}/activity?limit=2`,
        `${g}/activity?cursor=${f.activityCursor}`,
        `${g}/balances`,
        `${g}/balances?asOf=2026-11-20T10:30:00%2B05:30`,
        `${g}/reports/monthly?from=2026-01&to=2026-12`,
        "/v1/rates?base=USD&date=2022-07-10",
        "/v1/openapi.json",
      ];
      for (const path of paths) {
        const a = await ana.get(path, at);
        want(a, 200, `GET ${path}`);
        // Balances without asOf are as of now: each answer is another.
        const etag = path.endsWith("/balances") ? null : a.headers.get("etag");
        if (etag) want(await ana.get(path, { ...at, "If-None-Match": etag }), 304, `${path} again`);
      }
      const live = await fetch(`${f.base}${g}/live`, {
        headers: { authorization: `Bearer ${f.anaToken}`, ...at },
      });
      assert.equal(live.status, 200);
      assert.match(live.headers.get("content-type") ?? "", /^text\/event-stream/);
      await live.body?.cancel();
    },
  },
};
