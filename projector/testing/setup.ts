/**
 * Integration-test plumbing: a fresh database with the event store's and the
 * projector's tables, appends of built groups, and the check that the read
 * models equal the domain's fold of what was written.
 *
 * @module
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { groupBalances } from "@kopek/domain";
import { createPostgresEventStore, type EventStore, migrate } from "@kopek/eventstore";
import { createLogger, type Sql } from "@kopek/platform";
import { createTestDatabase, type TestDatabase } from "@kopek/platform/testing";
import { projectorMigrate } from "../migrate.ts";
import { appliedThrough } from "../checkpoints.ts";
import type { Projector } from "../projector.ts";
import { record, type SimGroup, toNewEvents } from "./builder.ts";
import type { GroupEvent } from "@kopek/domain";

/** A migrated test database and an event store on it. */
export interface ProjectorTestEnv extends AsyncDisposable {
  readonly db: TestDatabase;
  readonly sql: Sql;
  readonly store: EventStore;
}

/** Creates a fresh database with every table the projector needs. */
export async function projectorTestEnv(): Promise<ProjectorTestEnv> {
  // Room for every concurrent writer and runner: a saturated pool pipelines (see createTestDatabase).
  const db = await createTestDatabase("kopek_proj", { max: 32 });
  await migrate(db.sql);
  await projectorMigrate(db.sql);
  return {
    db,
    sql: db.sql,
    store: createPostgresEventStore(db.sql),
    [Symbol.asyncDispose]: () => db[Symbol.asyncDispose](),
  };
}

/** A logger that prints nothing (set KOPEK_LOG_LEVEL to see it). */
export function quietLogger() {
  return createLogger({ level: Deno.env.get("KOPEK_LOG_LEVEL") ?? "silent" });
}

/** Appends built events to the group's stream at its known version, then folds them in. */
export async function appendTo(
  store: EventStore,
  group: SimGroup,
  events: readonly GroupEvent[],
): Promise<number> {
  const result = await store.append({
    stream: group.stream,
    expectedVersion: group.version,
    events: toNewEvents(events, group.ownerUserId),
  });
  record(group, events);
  return result.position;
}

/**
 * Runs rounds until every projection has applied `position` (rounds may
 * apply nothing for a moment while any transaction of the server holds the
 * snapshot horizon back). Answers the events applied.
 */
export async function drain(
  projector: Projector,
  sql: Sql,
  position: number,
  timeoutMs = 60_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let total = 0;
  for (;;) {
    const n = await projector.runOnce();
    total += n;
    if (n > 0) continue;
    if (await appliedThrough(sql, position)) return total;
    if (Date.now() > deadline) throw new Error(`position ${position} not applied in time`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Waits (without running anything) until every projection has applied `position`. */
export async function waitApplied(sql: Sql, position: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await appliedThrough(sql, position))) {
    if (Date.now() > deadline) throw new Error(`position ${position} not applied in time`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Checks every read model against the domain fold of the written events:
 * group versions, members, access, each entry's revision and voided flag,
 * and balances equal to `groupBalances(state)` (which sum to zero).
 */
export async function assertReadModels(sql: Sql, groups: readonly SimGroup[]): Promise<void> {
  const ids = groups.map((g) => g.groupId);
  const groupRows = await sql<{ id: string; version: number }[]>`
    SELECT group_id::text AS id, version FROM rm_groups WHERE group_id = ANY(${ids}::uuid[])`;
  const versions = new Map(groupRows.map((r) => [r.id, r.version]));
  const entries = await sql<{ g: string; e: string; revision: number; voided: boolean }[]>`
    SELECT group_id::text AS g, entry_id::text AS e, revision, voided FROM rm_entries
    WHERE group_id = ANY(${ids}::uuid[])`;
  const entryMap = new Map(entries.map((r) => [`${r.g}/${r.e}`, r]));
  const balances = await sql<{ g: string; m: string; paid: string; owed: string }[]>`
    SELECT group_id::text AS g, member_id::text AS m, paid::text AS paid, owed::text AS owed
    FROM rm_balances WHERE group_id = ANY(${ids}::uuid[])
    ORDER BY group_id, joined_version`;
  const access = await sql<{ g: string; m: string; role: string; active: boolean }[]>`
    SELECT group_id::text AS g, member_id::text AS m, role, active FROM rm_access
    WHERE group_id = ANY(${ids}::uuid[])`;
  const accessMap = new Map(access.map((r) => [`${r.g}/${r.m}`, r]));
  const byGroup = Map.groupBy(balances, (b) => b.g);
  let entryCount = 0;
  for (const g of groups) {
    assertEquals(versions.get(g.groupId), g.version, `version of group ${g.groupId}`);
    for (const [id, e] of g.state.entries) {
      entryCount++;
      const row = entryMap.get(`${g.groupId}/${id}`);
      assertEquals(
        row && [row.revision, row.voided],
        [e.revision, e.voided],
        `entry ${id} of group ${g.groupId}`,
      );
    }
    const expected = groupBalances(g.state);
    const actual = (byGroup.get(g.groupId) ?? []).map((b) => ({
      memberId: b.m,
      paid: BigInt(b.paid),
      owed: BigInt(b.owed),
      balance: BigInt(b.paid) - BigInt(b.owed),
    }));
    assertEquals(actual, expected.members, `balances of group ${g.groupId}`);
    assertEquals(actual.reduce((s, b) => s + b.balance, 0n), 0n);
    for (const m of g.state.members.values()) {
      const a = accessMap.get(`${g.groupId}/${m.id}`);
      assertEquals(a && [a.role, a.active], [m.role, m.active], `access of member ${m.id}`);
    }
  }
  assertEquals(entries.length, entryCount, "no stray entries");
}
