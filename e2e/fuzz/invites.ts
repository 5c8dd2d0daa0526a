/**
 * Fuzz routes: invites: create, revoke, accept.
 *
 * @module
 */
import assert from "node:assert/strict";
import { inviteArb } from "./_kit/bodies.ts";
import { eventLog, want } from "./_kit/fixture.ts";
import { eventsAfter, type Good } from "./_kit/good.ts";
import { g0, type Route } from "./_kit/route.ts";

/** The invites routes. */
export const INVITES_ROUTES: readonly Route[] = [
  {
    name: "invite.create",
    op: "POST /v1/groups/{g}/invites",
    method: "POST",
    path: "/v1/groups/{0}/invites",
    ids: g0,
    auth: "user",
    ledger: true,
    body: inviteArb,
  },
  {
    name: "invite.revoke",
    op: "DELETE /v1/groups/{g}/invites/{i}",
    method: "DELETE",
    path: "/v1/groups/{0}/invites/{1}",
    ids: (f) => [f.g, f.I],
    auth: "user",
    ledger: true,
    unversioned: true,
    bodyless: true,
  },
  {
    name: "invite.accept",
    op: "POST /v1/invites/{code}/accept",
    method: "POST",
    path: "/v1/invites/{0}/accept",
    // A fresh invite into a group of its own, accepted by Zed.
    ids: (f) => [f.pools.invites.pop() ?? "AAAAAAAAAAAAAAAA"],
    auth: "user",
    token: (f) => f.zedToken,
    zedOk: true,
    ledger: true,
    bodyless: true,
  },
];

/** The invites routes' known-good sequences. */
export const INVITES_GOOD: Readonly<Record<string, Good>> = {
  invite: {
    weight: 3,
    appends: true,
    async run(f, ana) {
      const door = await ana.post("/v1/groups", { name: "Good door", currency: "EUR" });
      want(door, 201, "group");
      const invite = await ana.post(`/v1/groups/${door.body.id}/invites`, {
        role: "viewer",
        expiresInHours: 1,
      });
      want(invite, 201, "invite");
      const code = invite.body.code as string;
      const typed = `${code.slice(0, 8).toLowerCase()}-${code.slice(8)}`;
      const joined = await f.zed.post(`/v1/invites/${typed}/accept`, undefined);
      want(joined, 200, "accept");
      assert.equal(joined.body.role, "viewer");
      const head = (await eventLog(f.db)).head;
      want(await f.zed.post(`/v1/invites/${code}/accept`, {}), 200, "accept again");
      assert.deepEqual(await eventsAfter(f, head), [], "accepting again appends nothing");
      want(await ana.post(`/v1/invites/${code}/accept`, undefined), 409, "used");

      // Listed as used (never with its code); another one revoked answers 410 to its holder.
      const other = await ana.post(`/v1/groups/${door.body.id}/invites`, { role: "member" });
      want(other, 201, "second invite");
      const revoke = await ana.delete(`/v1/groups/${door.body.id}/invites/${other.body.id}`);
      want(revoke, 200, "revoke");
      assert.equal(revoke.body.status, "revoked");
      const list = await ana.get(`/v1/groups/${door.body.id}/invites`, {
        "Kopek-Min-Position": String(revoke.body.position),
      });
      want(list, 200, "list invites");
      assert.deepEqual(list.body.items.map((i: { status: string }) => i.status), [
        "revoked",
        "used",
      ]);
      assert.ok(!JSON.stringify(list.body).includes(code), "no code in the list");
      const gone = await f.zed.post(`/v1/invites/${other.body.code}/accept`, undefined);
      want(gone, 410, "revoked invite");
      assert.equal(gone.body.code, "invite.revoked");
    },
  },
};
