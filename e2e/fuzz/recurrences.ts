/**
 * Fuzz routes: recurring expenses (ADR 0051): set up, change, skip, stop, list.
 *
 * @module
 */
import fc from "fast-check";
import { recurrenceArb, recurrenceBody, skipArb } from "./_kit/bodies.ts";
import { want } from "./_kit/fixture.ts";
import type { Good } from "./_kit/good.ts";
import { g0, type Route } from "./_kit/route.ts";

/** The recurring expenses' routes. */
export const RECURRENCES_ROUTES: readonly Route[] = [
  {
    name: "GET recurrences",
    op: "GET /v1/groups/{g}/recurrences",
    method: "GET",
    path: "/v1/groups/{0}/recurrences",
    ids: g0,
    auth: "user",
    params: [],
  },
  {
    name: "recurrence.create",
    op: "POST /v1/groups/{g}/recurrences",
    method: "POST",
    path: "/v1/groups/{0}/recurrences",
    ids: g0,
    auth: "user",
    ledger: true,
    body: recurrenceArb,
  },
  {
    name: "recurrence.update",
    op: "PATCH /v1/groups/{g}/recurrences/{r}",
    method: "PATCH",
    path: "/v1/groups/{0}/recurrences/{1}",
    ids: (f) => [f.g, f.R],
    auth: "user",
    ledger: true,
    body: (f) =>
      fc.oneof(
        fc.boolean().map((paused) => ({ paused })),
        recurrenceArb(f).map(({ rule, template }) => ({ rule, template })),
      ),
  },
  {
    name: "recurrence.skip",
    op: "POST /v1/groups/{g}/recurrences/{r}/skips",
    method: "POST",
    path: "/v1/groups/{0}/recurrences/{1}/skips",
    ids: (f) => [f.g, f.R],
    auth: "user",
    ledger: true,
    body: skipArb,
  },
  {
    name: "recurrence.stop",
    op: "DELETE /v1/groups/{g}/recurrences/{r}",
    method: "DELETE",
    path: "/v1/groups/{0}/recurrences/{1}",
    ids: (f) => [f.g, f.R],
    auth: "user",
    ledger: true,
    // Stopping has no version: once stopped, the other routes answer 409 `recurrence.stopped`.
    unversioned: true,
    bodyless: true,
  },
];

/** The recurring expenses' known-good sequence: set up, skip, pause, resume, stop. */
export const RECURRENCES_GOOD: Readonly<Record<string, Good>> = {
  recurrence: {
    weight: 1,
    appends: true,
    async run(f, ana) {
      const created = await ana.post(`/v1/groups/${f.g}/recurrences`, {
        ...recurrenceBody(f),
        rule: { freq: "daily" },
      });
      want(created, 201, "set up a recurring expense");
      const r = `/v1/groups/${f.g}/recurrences/${created.body.id}`;
      const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
      want(await ana.post(`${r}/skips`, { date: tomorrow }), 200, "skip");
      want(await ana.patch(r, { paused: true }), 200, "pause");
      want(await ana.patch(r, { paused: false }), 200, "resume");
      want(await ana.delete(r), 200, "stop");
    },
  },
};
