/**
 * Fuzz routes: the ledger's groups and their members.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { groupCurrencyArb, nameArb, paymentHandlesArb } from "./_kit/bodies.ts";
import { want } from "./_kit/fixture.ts";
import type { Good } from "./_kit/good.ts";
import { g0, type Route } from "./_kit/route.ts";

/** The groups routes. */
export const GROUPS_ROUTES: readonly Route[] = [
  // The ledger
  {
    name: "group.create",
    op: "POST /v1/groups",
    method: "POST",
    path: "/v1/groups",
    ids: () => [],
    auth: "user",
    zedOk: true,
    ledger: true,
    body: () => fc.record({ name: nameArb, currency: groupCurrencyArb }),
  },
  {
    name: "group.update",
    op: "PATCH /v1/groups/{g}",
    method: "PATCH",
    path: "/v1/groups/{0}",
    ids: g0,
    auth: "user",
    ledger: true,
    body: () =>
      fc.oneof(
        nameArb.map((name) => ({ name })),
        fc.boolean().map((simplifyDebts) => ({ simplifyDebts })),
      ),
  },
  {
    name: "member.add",
    op: "POST /v1/groups/{g}/members",
    method: "POST",
    path: "/v1/groups/{0}/members",
    ids: g0,
    auth: "user",
    ledger: true,
    body: () =>
      fc.record({
        name: nameArb,
        email: fc.constantFrom("nobody@example.com", "NOBODY@example.com"),
        role: fc.constantFrom("member", "viewer", "auditor", "admin"),
      }),
  },
  {
    name: "member.update",
    op: "PATCH /v1/groups/{g}/members/{m}",
    method: "PATCH",
    path: "/v1/groups/{0}/members/{1}",
    ids: (f) => [f.g, f.D],
    auth: "user",
    ledger: true,
    body: () => fc.record({ name: nameArb, role: fc.constantFrom("viewer", "auditor", "member") }),
  },
  {
    name: "member.payment_handles.set",
    op: "PUT /v1/groups/{g}/members/{m}/payment-handles",
    method: "PUT",
    path: "/v1/groups/{0}/members/{1}/payment-handles",
    ids: (f) => [f.g, f.C],
    auth: "user",
    ledger: true,
    body: () => paymentHandlesArb,
  },
  {
    name: "member.remove",
    op: "DELETE /v1/groups/{g}/members/{m}",
    method: "DELETE",
    path: "/v1/groups/{0}/members/{1}",
    ids: (f) => [f.g, f.D],
    auth: "user",
    ledger: true,
    bodyless: true,
  },
];

/** The groups routes' known-good sequences. */
export const GROUPS_GOOD: Readonly<Record<string, Good>> = {
  group: {
    weight: 3,
    appends: true,
    async run(_f, ana) {
      const id = crypto.randomUUID();
      const created = await ana.post("/v1/groups", { id, name: "Good ‮group", currency: "JPY" });
      want(created, 201, "create group");
      const again = await ana.post("/v1/groups", { id, name: "Good ‮group", currency: "JPY" });
      want(again, 201, "create group again (idempotent)");
      assert.equal(again.body.position, created.body.position);
      want(await ana.patch(`/v1/groups/${id}`, { name: "Renamed", currency: "EUR" }), 200, "patch");
    },
  },
  members: {
    weight: 3,
    appends: true,
    async run(f, ana) {
      const added = await ana.post(`/v1/groups/${f.g}/members`, { name: "Gus", role: "member" });
      want(added, 201, "add member");
      const m = `/v1/groups/${f.g}/members/${added.body.id}`;
      want(
        await ana.patch(m, { name: "Gus 🎸", role: "viewer" }, { "If-Match": '"1"' }),
        200,
        "patch member",
      );
      want(await ana.delete(m, { "If-Match": 'W/"3"' }), 200, "remove member");
    },
  },
};
