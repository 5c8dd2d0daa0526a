/**
 * The projector as the app role, rebuilds and replays as the owner: a
 * blue/green rebuild creates its tables in a schema of its own and moves
 * them into the live one, and the app role must be able to use them at once
 * (the owner's default privileges), without anyone granting by hand. Runs
 * directly and through CI's PgBouncer; skipped where new roles cannot log in.
 */
import assert from "node:assert/strict";
import {
  appRoleProblems,
  createPostgresEventStore,
  grantAppRole,
  migrate,
} from "@kopek/eventstore";
import { createTwoRoleDatabase, ignoreWithoutRoleLogins } from "@kopek/platform/testing";
import { projectorMigrate } from "./migrate.ts";
import { createProjector } from "./projector.ts";
import { PROJECTION_NAMES } from "./projections/mod.ts";
import { rebuildProjections } from "./rebuild.ts";
import { replayUntil } from "./replay.ts";
import { createSimGroup, nextEvents, rng, type SimGroup, toNewEvents } from "./testing/builder.ts";
import { appendTo, assertReadModels, drain, quietLogger } from "./testing/setup.ts";

const ignore = await ignoreWithoutRoleLogins("projector/least_privilege.int_test.ts");

Deno.test({
  name: "the app role projects into tables a blue/green rebuild run as the owner swapped in, " +
    "and cannot read a replay's schema",
  ignore,
  fn: async () => {
    await using two = await createTwoRoleDatabase("kopek_proj_priv");
    const { owner, app, roles } = two;
    await migrate(owner);
    await projectorMigrate(owner);
    await grantAppRole(owner, roles.app.name);

    // The services' side: appends and projection as the app role.
    const store = createPostgresEventStore(app);
    const random = rng(22);
    const groups: SimGroup[] = [];
    let last = 0;
    for (let i = 0; i < 3; i++) {
      const { group, events } = createSimGroup({ members: 3 });
      last = (await store.append({
        stream: group.stream,
        expectedVersion: 0,
        events: toNewEvents(events, group.ownerUserId),
      })).position;
      groups.push(group);
    }
    for (let i = 0; i < 30; i++) {
      const group = groups[i % groups.length];
      last = await appendTo(store, group, nextEvents(group, random));
    }
    const projector = createProjector({ sql: app, store, logger: quietLogger(), batchSize: 50 });
    await drain(projector, app, last);
    await assertReadModels(app, groups);

    // The owner rebuilds every read model; nobody grants anything afterwards.
    const result = await rebuildProjections({
      sql: owner,
      store: createPostgresEventStore(owner),
      logger: quietLogger(),
      batchSize: 50,
    }, PROJECTION_NAMES);
    assert.equal(result.position, last);
    const swappedIn = await owner<{ table: string; owner: string }[]>`
      SELECT tablename AS table, tableowner AS owner FROM pg_tables
      WHERE schemaname = 'public' AND tablename LIKE 'rm\\_%' ORDER BY 1`;
    assert.ok(swappedIn.length > 0);
    for (const t of swappedIn) assert.equal(t.owner, roles.owner.name, t.table);
    assert.deepEqual(await appRoleProblems(owner, roles.app.name), []);

    // The app role keeps projecting into the new tables, and reads them.
    for (let i = 0; i < 30; i++) {
      const group = groups[i % groups.length];
      last = await appendTo(store, group, nextEvents(group, random));
    }
    const { group: added, events: created } = createSimGroup({ members: 2 });
    last = (await store.append({
      stream: added.stream,
      expectedVersion: 0,
      events: toNewEvents(created, added.ownerUserId),
    })).position;
    groups.push(added);
    await drain(projector, app, last);
    await assertReadModels(app, groups);

    // A replay is for the owner (and auditors it lets in): the app role cannot even look.
    const replay = await replayUntil({
      sql: owner,
      store: createPostgresEventStore(owner),
      logger: quietLogger(),
      until: new Date(),
      schema: "kopek_asof_least_privilege",
    });
    await assert.rejects(
      app.unsafe(`SELECT count(*) FROM ${replay.schema}.rm_balances`),
      (e: { code?: string }) => e.code === "42501",
    );
    assert.deepEqual(await appRoleProblems(owner, roles.app.name), []);
  },
});
