/**
 * `kopek replay --until`: events recorded at chosen instants (their
 * `metadata.at`), the CLI run as its deno.json task until an instant in the
 * middle, and the schema it builds compared with what the API answers for
 * that instant (`GET …/balances?asOf=`), which folds the events itself.
 */
import assert from "node:assert/strict";
import { formatAmount, type GroupEvent } from "@kopek/domain";
import { createPostgresEventStore, type EventStore, migrate } from "@kopek/eventstore";
import { createLogger, type Sql } from "@kopek/platform";
import { createTestDatabase, within } from "@kopek/platform/testing";
import { projectorMigrate, replayUntil } from "@kopek/projector";
import {
  createSimGroup,
  nextEvents,
  record,
  rng,
  type SimGroup,
  toNewEvents,
} from "../projector/testing/builder.ts";
import { KopekClient, spawnTask, startForTest } from "@kopek/testing";

const T0 = Date.parse("2026-03-01T00:00:00Z");
const HOUR = 3_600_000;

/** Appends events to a group as decided at `at`. */
async function appendAt(store: EventStore, group: SimGroup, events: GroupEvent[], at: number) {
  const expectedVersion = group.version;
  record(group, events);
  return (await store.append({
    stream: group.stream,
    expectedVersion,
    events: toNewEvents(events, group.ownerUserId, new Date(at).toISOString()),
  })).position;
}

/** Appends a group's creation (createSimGroup has folded it already) as decided at `at`. */
async function createAt(
  store: EventStore,
  created: { group: SimGroup; events: GroupEvent[] },
  at: number,
) {
  return (await store.append({
    stream: created.group.stream,
    expectedVersion: 0,
    events: toNewEvents(created.events, created.group.ownerUserId, new Date(at).toISOString()),
  })).position;
}

/**
 * Waits until the global log shows `position`: a replay reads the log up to the snapshot horizon,
 * which any transaction elsewhere in the server holds back for a moment (a parallel test run).
 */
async function visible(store: EventStore, position: number) {
  await within(
    60_000,
    `position ${position} visible in the log`,
    (async () => {
      for (;;) {
        const page = await store.readAll({ after: null, limit: 100_000 });
        if (page.events.some((e) => e.position >= position)) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    })(),
  );
}

/** Runs `kopek replay …` as the `kopek` task does; answers its exit code and output. */
async function kopek(databaseUrl: string, dataDir: string, args: string[]) {
  const child = spawnTask("kopek", { KOPEK_DATABASE_URL: databaseUrl, KOPEK_DATA_DIR: dataDir }, {
    extraArgs: args,
  });
  const out = await child.output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** A group's balances in a schema, as the API writes them. */
async function schemaBalances(sql: Sql, schema: string, groupId: string, currency: string) {
  return await sql.begin(async (tx) => {
    await tx.unsafe(`SET LOCAL search_path TO ${schema}, public`);
    const rows = await tx<{ memberId: string; paid: string; owed: string }[]>`
      SELECT member_id::text AS "memberId", paid::text AS paid, owed::text AS owed
      FROM rm_balances WHERE group_id = ${groupId}::uuid ORDER BY joined_version`;
    return rows.map((r) => ({
      memberId: r.memberId,
      paid: formatAmount(BigInt(r.paid), currency),
      owed: formatAmount(BigInt(r.owed), currency),
    }));
  });
}

function apiLines(body: { members: { memberId: string; paid: Money; owed: Money }[] }) {
  return body.members.map((m) => ({
    memberId: m.memberId,
    paid: m.paid.amount,
    owed: m.owed.amount,
  }));
}

interface Money {
  amount: string;
}

Deno.test("kopek replay --until builds every read model as of the instant, equal to the API's ?asOf=", async () => {
  await using db = await createTestDatabase("kopek_replay");
  const running = await startForTest(db.url);
  const dataDir = await Deno.makeTempDir({ prefix: "kopek-replay-" });
  try {
    const api = new KopekClient(running.url);
    const { client, userId } = await api.register("auditor@example.com", "Auditor");
    const store = createPostgresEventStore(db.sql);
    const random = rng(21);
    // One group with 40 hours of history, one created after the instant.
    const created = createSimGroup({ ownerUserId: userId, members: 3 });
    const group = created.group;
    let head = await createAt(store, created, T0);
    let versionAtMid = 0;
    for (let hour = 1; hour <= 40; hour++) {
      head = await appendAt(store, group, nextEvents(group, random), T0 + hour * HOUR);
      if (hour === 20) versionAtMid = group.version;
    }
    const later = createSimGroup({ ownerUserId: userId });
    head = await createAt(store, later, T0 + 25 * HOUR);
    const mid = new Date(T0 + 20 * HOUR + 30 * 60_000).toISOString();
    const wait = { "Kopek-Min-Position": String(head) };
    await visible(store, head);

    const replayed = await kopek(db.url, dataDir, ["replay", "--until", mid]);
    assert.equal(replayed.code, 0, replayed.stdout + replayed.stderr);
    const schema = "kopek_asof_20260301t203000z";
    assert.match(replayed.stdout, new RegExp(`into schema ${schema}`));
    assert.match(replayed.stdout, new RegExp(`SET search_path TO ${schema}, public;`));

    const asOf = await client.get(`/v1/groups/${group.groupId}/balances?asOf=${mid}`, wait);
    assert.equal(asOf.status, 200, JSON.stringify(asOf.body));
    const inSchema = await schemaBalances(db.sql, schema, group.groupId, "EUR");
    assert.deepEqual(inSchema, apiLines(asOf.body as never));
    // The instant matters: today's balances are not those.
    const now = await client.get(`/v1/groups/${group.groupId}/balances`, wait);
    assert.notDeepEqual(apiLines(now.body as never), inSchema);
    // Every read model is there as of then: the group at its version then, no later group.
    const groups = await db.sql.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL search_path TO ${schema}, public`);
      return await tx<{ id: string; version: number }[]>`
        SELECT group_id::text AS id, version FROM rm_groups`;
    });
    assert.deepEqual([...groups], [{ id: group.groupId, version: versionAtMid }]);
    // The live read models were not touched.
    const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM rm_groups`;
    assert.equal(n, 2);

    // An instant before anything: empty read models, in a schema named on the command line.
    const early = await kopek(db.url, dataDir, [
      "replay",
      "--until",
      "2026-02-28T23:00:00+01:00",
      "--schema",
      "audit_before",
    ]);
    assert.equal(early.code, 0, early.stdout + early.stderr);
    assert.deepEqual(await schemaBalances(db.sql, "audit_before", group.groupId, "EUR"), []);

    // Bad input: a clear message and exit code 2, nothing built.
    for (
      const [args, message] of [
        [["replay", "--until", "yesterday"], /RFC 3339/],
        [["replay"], /--until is required/],
        [["replay", "--until", mid, "--schema", "public"], /live read models/],
        [["replay", "--until", mid, "--schema", "kopek_build_balances"], /blue\/green rebuilds/],
        [["replay", "--until", mid, "--schema", "Robert'); DROP"], /lower-case/],
        [["replay", "--until", mid, "--bogus"], /usage: kopek replay/],
      ] as const
    ) {
      const bad = await kopek(db.url, dataDir, [...args]);
      assert.equal(bad.code, 2, `${args.join(" ")}: ${bad.stdout}${bad.stderr}`);
      assert.match(bad.stderr, message);
    }
  } finally {
    await running.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});

Deno.test("replayUntil() replaces its own earlier schema and refuses anyone else's", async () => {
  await using db = await createTestDatabase("kopek_replay");
  await migrate(db.sql);
  await projectorMigrate(db.sql);
  const store = createPostgresEventStore(db.sql);
  const logger = createLogger({ level: "silent" });
  const created = createSimGroup();
  const { group, events } = created;
  await visible(store, await createAt(store, created, T0));
  const until = new Date(T0 + HOUR);
  const first = await replayUntil({ sql: db.sql, store, logger, until, schema: "audit" });
  assert.equal(first.applied, events.length);
  await visible(store, await appendAt(store, group, nextEvents(group, rng(1)), T0 + 30 * 60_000));
  const again = await replayUntil({ sql: db.sql, store, logger, until, schema: "audit" });
  assert.equal(again.applied, events.length + (group.events.length - events.length));
  const [{ version }] = await db.sql<{ version: number }[]>`SELECT version FROM audit.rm_groups`;
  assert.equal(version, group.version);

  await db.sql`CREATE SCHEMA someone_elses`;
  await db.sql`CREATE TABLE someone_elses.notes (note text)`;
  await assert.rejects(
    replayUntil({ sql: db.sql, store, logger, until, schema: "someone_elses" }),
    /not a Kopek replay/,
  );
  const [{ n }] = await db.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'someone_elses'`;
  assert.equal(n, 1);
});
