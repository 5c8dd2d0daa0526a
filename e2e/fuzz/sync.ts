/**
 * Fuzz routes: `POST /v1/sync`: a batch of ledger commands.
 *
 * @module
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { expenseBodies, settlementBody, syncCommandArb } from "./_kit/bodies.ts";
import { want } from "./_kit/fixture.ts";
import type { Good } from "./_kit/good.ts";
import type { Route } from "./_kit/route.ts";

/** The sync routes. */
export const SYNC_ROUTES: readonly Route[] = [
  {
    name: "sync",
    op: "POST /v1/sync",
    method: "POST",
    path: "/v1/sync",
    ids: () => [],
    auth: "user",
    zedOk: true,
    body: (f) =>
      fc.array(syncCommandArb(f), { minLength: 1, maxLength: 3 }).map((commands) => ({ commands })),
  },
];

/** The sync routes' known-good sequences. */
export const SYNC_GOOD: Readonly<Record<string, Good>> = {
  sync: {
    weight: 3,
    appends: true,
    async run(f, ana) {
      const cmd = (type: string, body: Record<string, unknown>) => ({
        id: crypto.randomUUID(),
        type,
        groupId: f.g,
        body,
      });
      const commands = [
        cmd("expense.record", expenseBodies(f)[2]),
        cmd("settlement.record", settlementBody(f)),
        cmd("member.add", { name: "Sy", role: "member" }),
        cmd("invite.create", { role: "viewer" }),
      ];
      const a = await ana.post("/v1/sync", { commands });
      want(a, 200, "sync");
      assert.deepEqual(a.body.results.map((r: { status: number }) => r.status), [
        201,
        201,
        201,
        201,
      ]);
      const again = await ana.post("/v1/sync", { commands });
      assert.deepEqual(again.body.results, a.body.results, "a replayed sync answers the same");
    },
  },
};
