/**
 * `GET /v1/groups/{g}/invites` over the invites read model with a fake clock:
 * statuses computed at read time (expiry against query-api's clock), a
 * schema v1 invite without a creator, and `?status=` pages that read past
 * thousands of other invites.
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { type GroupEvent, parseGroupEvent } from "@kopek/domain";
import { createTokenIssuer } from "@kopek/platform";
import { createProjector } from "@kopek/projector";
import { createSimGroup, record } from "../projector/testing/builder.ts";
import { appendTo, drain, projectorTestEnv, quietLogger } from "../projector/testing/setup.ts";
import { createQueryApi } from "./mod.ts";

const HASH = "b".repeat(64);
const SOON = "2026-12-01T00:00:00.000Z";
const LATER = "2027-06-01T00:00:00.000Z";

Deno.test("GET /v1/groups/{g}/invites: statuses by query-api's clock, v1 invites, filtered pages", async () => {
  await using env = await projectorTestEnv();
  const logger = quietLogger();
  const tokens = createTokenIssuer({ secret: "test-secret-test-secret-test-secret" });
  let clock = new Date("2026-11-22T12:00:00.000Z");
  const api = createQueryApi({ sql: env.sql, store: env.store, tokens, logger, now: () => clock });
  try {
    const { group, events } = createSimGroup({ members: 1 });
    // The group as built (createSimGroup folded it already), at the time of SOON.
    const owner = (events[1] as Extract<GroupEvent, { type: "MemberAdded" }>).data.memberId;
    const created = await env.store.append({
      stream: group.stream,
      expectedVersion: 0,
      events: events.map((e) => ({
        id: crypto.randomUUID(),
        type: e.type,
        schemaVersion: 1,
        data: e.data,
        metadata: { actor: group.ownerUserId, commandId: crypto.randomUUID(), at: SOON },
      })),
    });
    ok(created.position > 0);

    // The oldest: a schema v1 invite (no creator recorded), as older servers wrote it.
    const v1Id = crypto.randomUUID();
    const v1Data = {
      inviteId: v1Id,
      codeHash: HASH,
      memberId: null,
      role: "viewer",
      expiresAt: LATER,
    };
    await env.store.append({
      stream: group.stream,
      expectedVersion: group.version,
      events: [{
        id: crypto.randomUUID(),
        type: "InviteCreated",
        schemaVersion: 1,
        data: v1Data,
        metadata: { actor: group.ownerUserId, commandId: crypto.randomUUID(), at: SOON },
      }],
    });
    record(group, [parseGroupEvent("InviteCreated", 1, v1Data)]);

    const invite = (role: "member" | "viewer", expiresAt: string): GroupEvent => ({
      type: "InviteCreated",
      data: {
        inviteId: crypto.randomUUID(),
        codeHash: HASH,
        memberId: null,
        role,
        expiresAt,
        createdBy: owner,
      },
    });
    // Then one that expires soon, and 2,100 newer ones that do not.
    const soon = invite("member", SOON);
    await appendTo(env.store, group, [soon]);
    const many = Array.from({ length: 2_100 }, () => invite("viewer", LATER));
    let head = 0;
    for (let i = 0; i < many.length; i += 500) {
      head = await appendTo(env.store, group, many.slice(i, i + 500));
    }
    const projector = createProjector({ sql: env.sql, store: env.store, logger, batchSize: 1000 });
    await drain(projector, env.sql, head);

    const token = (await tokens.issue(group.ownerUserId)).token;
    const get = async (query: string) => {
      const res = await api.request(`/v1/groups/${group.groupId}/invites${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assertEquals(res.status, 200, query);
      return await res.json() as {
        items: { id: string; status: string; createdBy: unknown; role: string }[];
        nextCursor: string | null;
      };
    };
    const idOf = (e: GroupEvent) =>
      (e as Extract<GroupEvent, { type: "InviteCreated" }>).data.inviteId;

    // Newest first, in pages.
    const first = await get("?limit=3");
    assertEquals(first.items.map((i) => i.id), many.slice(-3).reverse().map(idOf));
    assertEquals(first.items.map((i) => i.status), ["active", "active", "active"]);
    ok(first.nextCursor);

    // ?status=expired: nothing yet; the scan stops after 2,000 rows with a cursor, and the next
    // page reads on to the end.
    const none1 = await get("?status=expired");
    assertEquals(none1.items, []);
    ok(none1.nextCursor, "a cursor after the rows read");
    const none2 = await get(`?status=expired&cursor=${none1.nextCursor}`);
    assertEquals([none2.items, none2.nextCursor], [[], null]);

    // Past SOON by query-api's clock, the invite is expired; no event was written for it.
    clock = new Date("2026-12-01T00:00:00.000Z");
    const expired1 = await get("?status=expired");
    assertEquals(expired1.items, []);
    const expired2 = await get(`?status=expired&cursor=${expired1.nextCursor}`);
    assertEquals(expired2.items.map((i) => [i.id, i.status]), [[idOf(soon), "expired"]]);
    assertEquals(expired2.nextCursor, null);

    // The v1 invite has no creator to lose: it follows the other rules.
    const all = [];
    let cursor: string | null = null;
    do {
      const page = await get(`?limit=500${cursor ? `&cursor=${cursor}` : ""}`);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assertEquals(all.length, 2_102);
    assertEquals(new Set(all.map((i) => i.id)).size, 2_102);
    const oldest = all.at(-1)!;
    assertEquals([oldest.id, oldest.status, oldest.createdBy, oldest.role], [
      v1Id,
      "active",
      null,
      "viewer",
    ]);

    // A filtered page stops at `limit` matches with the cursor of the last one.
    const two = await get("?status=active&limit=2");
    assertEquals(two.items.map((i) => i.id), many.slice(-2).reverse().map(idOf));
    const next = await get(`?status=active&limit=2&cursor=${two.nextCursor}`);
    assertEquals(next.items.map((i) => i.id), many.slice(-4, -2).reverse().map(idOf));

    clock = new Date(LATER);
    assertEquals((await get("?status=active")).items, []);
  } finally {
    await api.close();
  }
});
