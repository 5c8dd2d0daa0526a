import { deepStrictEqual as assertEquals, ok, rejects } from "node:assert/strict";
import type { EventStore } from "@kopek/eventstore";
import { createLogger, type Sql } from "@kopek/platform";
import { createProjector } from "./projector.ts";
import { readCheckpoints } from "./checkpoints.ts";
import { projectorMigrate } from "./migrate.ts";
import { rebuildProjections } from "./rebuild.ts";
import { PROJECTION_NAMES, PROJECTIONS } from "./projections/mod.ts";
import {
  createSimGroup,
  nextEvents,
  record,
  rng,
  type SimGroup,
  toNewEvents,
} from "./testing/builder.ts";
import {
  appendTo,
  assertReadModels,
  drain,
  projectorTestEnv,
  quietLogger,
  waitApplied,
} from "./testing/setup.ts";

/** Appends `groups` new groups, then about `events` more events, `perAppend` to an append. */
async function history(
  store: EventStore,
  options: { groups: number; events: number; seed: number; perAppend?: number },
): Promise<{ groups: SimGroup[]; last: number; written: number }> {
  const random = rng(options.seed);
  const groups: SimGroup[] = [];
  let last = 0;
  let written = 0;
  for (let i = 0; i < options.groups; i++) {
    const { group, events } = createSimGroup({ members: 4 });
    last = (await store.append({
      stream: group.stream,
      expectedVersion: 0,
      events: toNewEvents(events, group.ownerUserId),
    })).position;
    written += events.length;
    groups.push(group);
  }
  const perAppend = options.perAppend ?? 10;
  while (written < options.events) {
    const group = groups[Math.floor(random() * groups.length)];
    const events = [];
    const before = group.version;
    for (let i = 0; i < perAppend; i++) {
      const next = nextEvents(group, random);
      // Fold as we go, so that the next events see the state; append in one go.
      record(group, next);
      events.push(...next);
    }
    last = (await store.append({
      stream: group.stream,
      expectedVersion: before,
      events: toNewEvents(events, group.ownerUserId),
    })).position;
    written += events.length;
  }
  return { groups, last, written };
}

/** What a reader of some groups sees in every read model, in a fixed order. */
async function readerView(sql: Sql, ids: readonly string[]) {
  const [groups, members, access, entries, balances] = await Promise.all([
    sql`SELECT group_id::text, name, version FROM rm_groups
        WHERE group_id = ANY(${ids}::uuid[]) ORDER BY group_id`,
    sql`SELECT group_id::text, member_id::text, revision, active FROM rm_members
        WHERE group_id = ANY(${ids}::uuid[]) ORDER BY group_id, member_id`,
    sql`SELECT group_id::text, member_id::text, role, active FROM rm_access
        WHERE group_id = ANY(${ids}::uuid[]) ORDER BY group_id, member_id`,
    sql`SELECT group_id::text, count(*)::int AS n, sum(revision)::int AS revisions,
               count(*) FILTER (WHERE voided)::int AS voided
        FROM rm_entries WHERE group_id = ANY(${ids}::uuid[])
        GROUP BY group_id ORDER BY group_id`,
    sql`SELECT group_id::text, member_id::text, paid::text, owed::text FROM rm_balances
        WHERE group_id = ANY(${ids}::uuid[]) ORDER BY group_id, joined_version`,
  ]);
  return JSON.parse(JSON.stringify({ groups, members, access, entries, balances }));
}

/** Row counts of every read-model table. */
async function tableCounts(sql: Sql): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const table of PROJECTIONS.flatMap((p) => p.tables)) {
    const [{ n }] = await sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
    counts.set(table, n);
  }
  return counts;
}

async function kopekSchemas(sql: Sql): Promise<string[]> {
  const rows = await sql<{ name: string }[]>`
    SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'kopek\\_%' ORDER BY 1`;
  return rows.map((r) => r.name);
}

async function projectionMigrations(sql: Sql) {
  return await sql`
    SELECT component, version, name, checksum FROM schema_migrations
    WHERE component LIKE 'projector.%' ORDER BY component, version`;
}

Deno.test("rebuildProjections() swaps every read model in without downtime while the live projector keeps applying", async () => {
  await using env = await projectorTestEnv();
  const { sql, store } = env;
  const { groups, last, written } = await history(store, { groups: 8, events: 3_000, seed: 7 });
  const live = createProjector({ sql, store, logger: quietLogger(), batchSize: 500, idleMs: 5 });
  await drain(live, sql, last);
  const watched = groups.map((g) => g.groupId);
  const before = await readerView(sql, watched);
  const countsBefore = await tableCounts(sql);
  const migrationsBefore = await projectionMigrations(sql);
  live.start();

  // A reader that must never see the watched groups change, nor any table shrink.
  let reading = true;
  let reads = 0;
  let readerError: unknown = null;
  const reader = (async () => {
    while (reading) {
      try {
        assertEquals(await readerView(sql, watched), before);
        for (const [table, n] of await tableCounts(sql)) {
          ok(
            n >= countsBefore.get(table)!,
            `${table} shrank from ${countsBefore.get(table)} to ${n}`,
          );
        }
        reads++;
      } catch (e) {
        readerError = e;
        reading = false;
      }
    }
  })();

  // Midway, new events in a new group: the live projector applies them to the old tables.
  const { group: added, events: created } = createSimGroup({ members: 3 });
  const random = rng(11);
  let appliedMeanwhile = false;
  let meanwhile = 0;
  let late: ReturnType<typeof createSimGroup> | null = null;
  let readsWhileBuilding = 0;
  const result = await rebuildProjections({
    sql,
    store,
    logger: quietLogger(),
    batchSize: 100,
    catchUpBatchSize: 100,
    onBatch: async ({ batches, events }) => {
      if (batches > 3 && events === written + created.length + meanwhile && !late) {
        // The build has read the whole log: what comes now, the swap applies under the lock.
        late = createSimGroup({ members: 2 });
        await waitApplied(
          sql,
          (await store.append({
            stream: late.group.stream,
            expectedVersion: 0,
            events: toNewEvents(late.events, late.group.ownerUserId),
          })).position,
        );
        return;
      }
      if (batches !== 3) return;
      await store.append({
        stream: added.stream,
        expectedVersion: 0,
        events: toNewEvents(created, added.ownerUserId),
      });
      let head = 0;
      for (let i = 0; i < 20; i++) {
        const next = nextEvents(added, random);
        meanwhile += next.length;
        head = await appendTo(store, added, next);
      }
      await waitApplied(sql, head);
      const [{ n }] = await sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM rm_groups WHERE group_id = ${added.groupId}::uuid`;
      appliedMeanwhile = n === 1;
      ok((await kopekSchemas(sql)).includes("kopek_build_balances"));
      readsWhileBuilding = reads;
    },
  }, PROJECTION_NAMES);
  const readsAfterSwap = reads;
  // Let the reader look a few more times at the swapped-in tables.
  while (reads < readsAfterSwap + 3 && readerError === null) {
    await new Promise((r) => setTimeout(r, 5));
  }
  reading = false;
  await reader;
  if (readerError !== null) throw readerError;
  ok(appliedMeanwhile, "the live projector applied new events during the rebuild");
  ok(readsWhileBuilding >= 3, `the reader read ${readsWhileBuilding} times before the new events`);
  ok(readsAfterSwap > readsWhileBuilding, "the reader kept reading until the swap");

  // After the swap: the fold from scratch of everything, old and new events.
  assertEquals([...result.projections], [...PROJECTION_NAMES].sort());
  // Every event, also those appended during the build (the last ones under the lock, or before).
  // (assigned in the callback: TypeScript cannot see it)
  const tail = late as ReturnType<typeof createSimGroup> | null;
  ok(tail, "events came after the build had read the whole log");
  assertEquals(result.events, written + created.length + meanwhile + tail.events.length);
  await assertReadModels(sql, [...groups, added, tail.group]);
  assertEquals(await readerView(sql, watched), before);
  assertEquals(await kopekSchemas(sql), []);
  assertEquals(await projectionMigrations(sql), migrationsBefore);
  for (const c of await readCheckpoints(sql)) assertEquals(c.cursor?.position, result.position);

  // The live projector goes on with the new tables.
  let head = 0;
  for (let i = 0; i < 30; i++) head = await appendTo(store, added, nextEvents(added, random));
  await waitApplied(sql, head);
  await live.stop();
  await assertReadModels(sql, [...groups, added, tail.group]);
});

Deno.test("rebuildProjections(): a crashed build leaves the live read models untouched and the next rebuild cleans up", async () => {
  await using env = await projectorTestEnv();
  const { sql, store } = env;
  const { groups, last, written } = await history(store, { groups: 3, events: 400, seed: 3 });
  const live = createProjector({ sql, store, logger: quietLogger() });
  await drain(live, sql, last);
  const view = await readerView(sql, groups.map((g) => g.groupId));
  const checkpoints = await readCheckpoints(sql);

  // A build that fails in the process drops its schemas.
  await rejects(
    rebuildProjections({
      sql,
      store,
      logger: quietLogger(),
      batchSize: 50,
      catchUpBatchSize: 50,
      onBatch: ({ batches }) => {
        if (batches === 2) throw new Error("failed");
      },
    }, ["balances"]),
    /failed/,
  );
  assertEquals(await kopekSchemas(sql), []);

  // A build whose process dies (here: stops forever after its second batch) leaves its schemas.
  let reached!: () => void;
  const atSecondBatch = new Promise<void>((r) => reached = r);
  let resume!: () => void;
  const dead = new Promise<void>((r) => resume = r);
  const crashed = rebuildProjections({
    sql,
    store,
    logger: quietLogger(),
    batchSize: 50,
    catchUpBatchSize: 50,
    onBatch: async ({ batches }) => {
      if (batches !== 2) return;
      reached();
      await dead;
    },
  }, ["balances", "expenses"]);
  crashed.catch(() => {});
  await atSecondBatch;
  // As if a swap had committed and the process died before dropping the old tables.
  await sql.unsafe(
    `CREATE SCHEMA kopek_retired_balances; CREATE TABLE kopek_retired_balances.t ()`,
  );
  assertEquals(await kopekSchemas(sql), [
    "kopek_build_balances",
    "kopek_build_expenses",
    "kopek_retired_balances",
  ]);
  assertEquals(await readerView(sql, groups.map((g) => g.groupId)), view);
  assertEquals(await readCheckpoints(sql), checkpoints);
  await assertReadModels(sql, groups);

  const result = await rebuildProjections({ sql, store, logger: quietLogger(), batchSize: 50 }, [
    "balances",
    "expenses",
  ]);
  assertEquals(result.events, written);
  assertEquals(await kopekSchemas(sql), []);
  await assertReadModels(sql, groups);
  // Were the dead build to wake up, it would find its schemas gone and stop, changing nothing.
  resume();
  await rejects(crashed);
  assertEquals(await kopekSchemas(sql), []);
  await assertReadModels(sql, groups);
  await rejects(rebuildProjections({ sql, store, logger: quietLogger() }, ["nope"]), /unknown/);
});

Deno.test("rebuildProjections() builds a read model with all its migrations and records them (a new version, or one never migrated in place)", async () => {
  await using env = await projectorTestEnv();
  const { sql, store } = env;
  const { groups, last } = await history(store, { groups: 2, events: 200, seed: 5 });
  const live = createProjector({ sql, store, logger: quietLogger() });
  await drain(live, sql, last);
  const expected = await projectionMigrations(sql);
  // The expenses read model as an old version left it: migration 0002 not applied.
  await sql`DELETE FROM schema_migrations WHERE component = 'projector.expenses' AND version = 2`;
  await sql`CREATE INDEX rm_entries_members ON rm_entries USING gin (member_ids)`;

  await rebuildProjections({ sql, store, logger: quietLogger() }, ["expenses"]);
  assertEquals(await projectionMigrations(sql), expected);
  const indexes = await sql<{ name: string }[]>`
    SELECT indexname AS name FROM pg_indexes
    WHERE schemaname = 'public' AND tablename = 'rm_entries' ORDER BY 1`;
  assertEquals(indexes.map((i) => i.name), ["rm_entries_list", "rm_entries_pkey"]);
  // Migrating again finds nothing to do and no changed file.
  await projectorMigrate(sql);
  assertEquals(await projectionMigrations(sql), expected);
  await assertReadModels(sql, groups);

  // A view on a read model would follow the old table and be dropped with it: refused.
  await sql`CREATE VIEW audit_balances AS SELECT * FROM rm_balances`;
  await rejects(
    rebuildProjections({ sql, store, logger: quietLogger() }, ["balances"]),
    /audit_balances depends on rm_balances/,
  );
  const [{ n }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_balances`;
  assertEquals(n, 2 * 5);
  await assertReadModels(sql, groups);
});

Deno.test("rebuildProjections(): a reader holding one table and wanting another during the swap is never the one aborted", async () => {
  await using env = await projectorTestEnv();
  const { sql, store } = env;
  const { groups, last } = await history(store, { groups: 2, events: 100, seed: 9 });
  await drain(createProjector({ sql, store, logger: quietLogger() }), sql, last);
  const swapWaiting = async () => {
    for (;;) {
      const rows = await sql`
        SELECT 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
        WHERE c.relname = 'rm_members' AND l.mode = 'AccessExclusiveLock' AND NOT l.granted`;
      if (rows.length > 0) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  };
  // The reader holds rm_members; the swap locks rm_groups, then waits for rm_members; the reader
  // then reads rm_groups: a lock cycle, which the swap must break by letting go.
  let rebuilt = false;
  const reader = sql.begin(async (tx) => {
    const [members] = await tx`SELECT count(*)::int AS n FROM rm_members`;
    await swapWaiting();
    const [group] = await tx`SELECT count(*)::int AS n FROM rm_groups`;
    await new Promise((r) => setTimeout(r, 300));
    return { members: members.n, groups: group.n, rebuiltMeanwhile: rebuilt };
  });
  const rebuild = rebuildProjections({ sql, store, logger: quietLogger() }, ["groups"]).then(
    (r) => {
      rebuilt = true;
      return r;
    },
  );
  const [seen, done] = await Promise.allSettled([reader, rebuild]);
  assertEquals(seen, {
    status: "fulfilled",
    value: { members: 2 * 5, groups: 2, rebuiltMeanwhile: false },
  });
  assertEquals(done.status, "fulfilled", String((done as { reason?: unknown }).reason));
  await assertReadModels(sql, groups);
  assertEquals(await kopekSchemas(sql), []);
});

Deno.test("rebuildProjections() logs its progress (position reached, the log's head) as it replays", async () => {
  await using env = await projectorTestEnv();
  const { sql, store } = env;
  const { groups, last } = await history(store, { groups: 2, events: 120, seed: 11 });
  await drain(createProjector({ sql, store, logger: quietLogger() }), sql, last);
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  await rebuildProjections(
    { sql, store, logger, batchSize: 50, catchUpBatchSize: 50, progressEveryMs: 0 },
    ["balances"],
  );
  const progress = lines.filter((l) => l.msg === "build: replaying");
  const head = await store.headPosition();
  // Batches of 50 with no time between lines: a line after each batch, each further than the
  // last, the last at the head.
  const positions = progress.map((l) => l.position as number);
  ok(positions.length >= Math.floor(head / 50), JSON.stringify(progress));
  assertEquals(positions, [...new Set(positions)].sort((a, b) => a - b));
  assertEquals(positions.at(-1), head);
  ok(progress.every((l) => l.head === head && typeof l.events === "number"));
  await assertReadModels(sql, groups);
});

Deno.test("rebuildProjections() reads a larger page (catchUpBatchSize) after each full one, and the read models are the fold", async () => {
  await using env = await projectorTestEnv();
  const { sql, store } = env;
  const { groups, last } = await history(store, { groups: 2, events: 150, seed: 5 });
  await drain(createProjector({ sql, store, logger: quietLogger() }), sql, last);
  const sizes: number[] = [];
  let before = 0;
  await rebuildProjections({
    sql,
    store,
    logger: quietLogger(),
    batchSize: 20,
    catchUpBatchSize: 50,
    onBatch: ({ events }) => {
      sizes.push(events - before);
      before = events;
    },
  }, PROJECTION_NAMES);
  const head = await store.headPosition();
  // The first page is small; every full page is followed by a page of 50 until a short one.
  assertEquals(sizes[0], 20);
  ok(sizes.length >= 3, JSON.stringify(sizes));
  ok(sizes.slice(1, -1).every((n) => n === 50), JSON.stringify(sizes));
  ok(sizes.at(-1)! <= 50, JSON.stringify(sizes));
  ok(before <= head && head - before < 50, `${before} of ${head}`);
  await assertReadModels(sql, groups);
});
