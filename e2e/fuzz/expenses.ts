/**
 * Fuzz routes: expenses and settlements: record, amend, void; comments on expenses.
 *
 * @module
 */
import {
  commentArb,
  expenseArb,
  expenseBodies,
  settlementArb,
  settlementBody,
} from "./_kit/bodies.ts";
import { want } from "./_kit/fixture.ts";
import type { Good } from "./_kit/good.ts";
import { g0, type Route } from "./_kit/route.ts";

/** The expenses routes. */
export const EXPENSES_ROUTES: readonly Route[] = [
  {
    name: "expense.record",
    op: "POST /v1/groups/{g}/expenses",
    method: "POST",
    path: "/v1/groups/{0}/expenses",
    ids: g0,
    auth: "user",
    ledger: true,
    body: expenseArb,
  },
  {
    name: "expense.amend",
    op: "PUT /v1/groups/{g}/expenses/{e}",
    method: "PUT",
    path: "/v1/groups/{0}/expenses/{1}",
    ids: (f) => [f.g, f.E],
    auth: "user",
    ledger: true,
    body: expenseArb,
  },
  {
    name: "expense.void",
    op: "DELETE /v1/groups/{g}/expenses/{e}",
    method: "DELETE",
    path: "/v1/groups/{0}/expenses/{1}",
    ids: (f) => [f.g, f.E],
    auth: "user",
    ledger: true,
    bodyless: true,
  },
  {
    name: "comment.add",
    op: "POST /v1/groups/{g}/expenses/{e}/comments",
    method: "POST",
    path: "/v1/groups/{0}/expenses/{1}/comments",
    ids: (f) => [f.g, f.E],
    auth: "user",
    ledger: true,
    body: commentArb,
  },
  {
    name: "settlement.record",
    op: "POST /v1/groups/{g}/settlements",
    method: "POST",
    path: "/v1/groups/{0}/settlements",
    ids: g0,
    auth: "user",
    ledger: true,
    body: settlementArb,
  },
  {
    name: "settlement.amend",
    op: "PUT /v1/groups/{g}/settlements/{s}",
    method: "PUT",
    path: "/v1/groups/{0}/settlements/{1}",
    ids: (f) => [f.g, f.S],
    auth: "user",
    ledger: true,
    body: settlementArb,
  },
  {
    name: "settlement.void",
    op: "DELETE /v1/groups/{g}/settlements/{s}",
    method: "DELETE",
    path: "/v1/groups/{0}/settlements/{1}",
    ids: (f) => [f.g, f.S],
    auth: "user",
    ledger: true,
    bodyless: true,
  },
];

/** The expenses routes' known-good sequences. */
export const EXPENSES_GOOD: Readonly<Record<string, Good>> = {
  expense: {
    weight: 3,
    appends: true,
    async run(f, ana) {
      const bodies = expenseBodies(f);
      const created = await ana.post(`/v1/groups/${f.g}/expenses`, bodies[4], {
        "Idempotency-Key": `good:${crypto.randomUUID()}`,
      });
      want(created, 201, "record expense");
      const e = `/v1/groups/${f.g}/expenses/${created.body.id}`;
      want(await ana.put(e, bodies[3], { "If-Match": '"1"' }), 200, "amend expense");
      want(await ana.delete(e, { "If-Match": '"2"' }), 200, "void expense");
    },
  },
  settlement: {
    weight: 3,
    appends: true,
    async run(f, ana) {
      const created = await ana.post(`/v1/groups/${f.g}/settlements`, {
        ...settlementBody(f),
        amount: { amount: "0.01", currency: "EUR" },
      });
      want(created, 201, "record settlement");
      const s = `/v1/groups/${f.g}/settlements/${created.body.id}`;
      want(await ana.delete(s, { "If-Match": '"1"' }), 200, "void settlement");
    },
  },
};
