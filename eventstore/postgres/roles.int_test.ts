/**
 * Two roles on a fresh database: the owner migrates and grants, the app role
 * appends and reads and is refused everything that could rewrite history or
 * reach the server. Runs directly and through CI's PgBouncer (whose
 * `auth_user` lets the throwaway roles in); skipped where they cannot log in.
 */
import assert from "node:assert/strict";
import type { Sql } from "@kopek/platform";
import { createTwoRoleDatabase, ignoreWithoutRoleLogins } from "@kopek/platform/testing";
import { testEvent } from "../contract.ts";
import { createPostgresEventStore } from "./adapter.ts";
import {
  appRoleProblems,
  connectionMayMigrate,
  grantAppRole,
  pendingMigrations,
  prepareSchema,
  SchemaNotReadyError,
} from "@kopek/platform";
import { eventStoreSchema, migrate } from "./schema.ts";

const ignore = await ignoreWithoutRoleLogins("eventstore/postgres/roles.int_test.ts");

/** PostgreSQL's `insufficient_privilege`. */
const INSUFFICIENT_PRIVILEGE = "42501";

async function refused(sql: Sql, statement: string, transaction = false): Promise<void> {
  const run = transaction
    ? sql.begin((tx) => tx.unsafe(statement))
    : sql.unsafe(statement).simple();
  await assert.rejects(run, (e: { code?: string; message?: string }) => {
    assert.equal(e.code, INSUFFICIENT_PRIVILEGE, `${statement}: ${e.code} ${e.message}`);
    return true;
  }, `${statement} must be refused`);
}

const messages = (problems: { kind: string; message: string }[]) =>
  problems.map((p) => `${p.kind}: ${p.message}`);

Deno.test({
  name: "grantAppRole(): the app role appends and reads the log but cannot change it, disable " +
    "its triggers, create objects, take the owner's place or run programs on the server",
  ignore,
  fn: async () => {
    await using two = await createTwoRoleDatabase();
    const { owner, app, roles } = two;
    await migrate(owner);
    await grantAppRole(owner, roles.app.name);
    assert.deepEqual(messages(await appRoleProblems(owner, roles.app.name)), []);

    // What the services do: append (with and without a key), replay a key, read.
    const store = createPostgresEventStore(app);
    await store.append({ stream: "s-1", expectedVersion: 0, events: [testEvent("a")] });
    const idempotency = { key: "k-1", contentHash: "h-1" };
    const b = [testEvent("b")];
    const keyed = await store.append({ stream: "s-2", expectedVersion: 0, events: b }, {
      idempotency,
    });
    const again = await store.append({ stream: "s-2", expectedVersion: 0, events: b }, {
      idempotency,
    });
    assert.equal(again.duplicate, true);
    assert.equal(again.position, keyed.position);
    assert.equal((await store.readStream("s-1")).length, 1);
    const [{ n: before }] = await app<{ n: number }[]>`SELECT count(*)::int AS n FROM events`;
    assert.equal(before, 2);

    const role = roles.app.name;
    for (
      const statement of [
        "UPDATE events SET type = 'forged'",
        "DELETE FROM events",
        "TRUNCATE events",
        "UPDATE command_log SET content_hash = 'forged'",
        "DELETE FROM command_log",
        "TRUNCATE command_log",
        "ALTER TABLE events DISABLE TRIGGER events_no_update_delete",
        "ALTER TABLE events DISABLE TRIGGER ALL",
        "DROP TRIGGER events_no_update_delete ON events",
        "DROP TRIGGER events_no_truncate ON events",
        "DROP FUNCTION kopek_events_append_only() CASCADE",
        "CREATE OR REPLACE FUNCTION kopek_events_append_only() RETURNS trigger " +
        "LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
        "CREATE TRIGGER forged BEFORE INSERT ON events FOR EACH ROW " +
        "EXECUTE FUNCTION kopek_events_append_only()",
        "DROP TABLE command_log",
        "ALTER TABLE events DROP CONSTRAINT events_stream_version_key",
        `ALTER TABLE events OWNER TO ${role}`,
        `ALTER SCHEMA public OWNER TO ${role}`,
        "CREATE TABLE forged (x int)",
        "CREATE TABLE public.forged (x int)",
        "CREATE VIEW forged AS SELECT 1 AS x",
        "CREATE FUNCTION forged() RETURNS int LANGUAGE sql AS 'SELECT 1'",
        "CREATE SCHEMA forged",
        "SET session_replication_role = replica",
        "COPY (SELECT 1) TO PROGRAM 'true'",
        "COPY events FROM PROGRAM 'true'",
        "COPY events FROM '/etc/passwd'",
        "COPY (SELECT 1) TO '/tmp/kopek-forged'",
        "SELECT pg_read_file('/etc/passwd')",
        "SELECT lo_import('/etc/passwd')",
        `SET ROLE ${roles.owner.name}`,
        `ALTER ROLE ${role} SUPERUSER`,
        `ALTER ROLE ${role} BYPASSRLS`,
      ]
    ) await refused(app, statement);
    // Session settings do not survive PgBouncer's transaction mode: the same refusal, per transaction.
    await refused(app, "SET LOCAL session_replication_role = replica", true);
    // Holding the log's strongest lock would stop every write: it needs UPDATE, DELETE or TRUNCATE.
    await refused(app, "LOCK TABLE events IN ACCESS EXCLUSIVE MODE", true);

    const [{ n: after }] = await app<{ n: number }[]>`SELECT count(*)::int AS n FROM events`;
    assert.equal(after, before, "nothing was removed");
    const triggers = await owner<{ name: string; enabled: string }[]>`
      SELECT tgname AS name, tgenabled AS enabled FROM pg_trigger
      WHERE tgrelid = 'events'::regclass ORDER BY tgname`;
    assert.deepEqual(triggers.map((t) => [t.name, t.enabled]), [
      ["events_no_truncate", "O"],
      ["events_no_update_delete", "O"],
    ]);
    const [{ owner: eventsOwner }] = await owner<{ owner: string }[]>`
      SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = 'events'::regclass`;
    assert.equal(eventsOwner, roles.owner.name);
  },
});

Deno.test({
  name: "appRoleProblems(): a table created without grants is missing, more than the services " +
    "need is excess, and grantAppRole() puts it right",
  ignore,
  fn: async () => {
    await using two = await createTwoRoleDatabase();
    const { owner, app, roles, db } = two;
    const appRole = roles.app.name;
    await migrate(owner);
    const ungranted = messages(await appRoleProblems(owner, appRole));
    assert.ok(ungranted.includes(`missing: role "${appRole}" cannot INSERT table events`));
    assert.ok(ungranted.includes(`missing: role "${appRole}" cannot SELECT table command_log`));
    await grantAppRole(owner, appRole);
    await grantAppRole(owner, appRole); // idempotent
    assert.deepEqual(messages(await appRoleProblems(owner, appRole)), []);
    // The app role may ask about itself.
    assert.deepEqual(messages(await appRoleProblems(app, appRole)), []);

    // A later migration's table: the owner's default privileges cover it.
    await owner`CREATE TABLE later_things (id int PRIMARY KEY, note text)`;
    assert.deepEqual(messages(await appRoleProblems(owner, appRole)), []);
    await app`INSERT INTO later_things VALUES (1, 'a')`;
    await app`UPDATE later_things SET note = 'b'`;
    await app`DELETE FROM later_things`;

    // A table nobody granted (made by another role, or with its grants taken away) is caught.
    await db.sql`CREATE TABLE public.unmanaged (x int)`;
    await owner`REVOKE ALL ON later_things FROM ${owner(appRole)}`;
    const gaps = messages(await appRoleProblems(owner, appRole));
    for (const right of ["SELECT", "INSERT", "UPDATE", "DELETE"]) {
      assert.ok(gaps.includes(`missing: role "${appRole}" cannot ${right} table unmanaged`));
      assert.ok(gaps.includes(`missing: role "${appRole}" cannot ${right} table later_things`));
    }
    await assert.rejects(
      prepareSchema(app, [eventStoreSchema]),
      (e: Error) => {
        assert.ok(e instanceof SchemaNotReadyError, String(e));
        assert.match(e.message, /cannot SELECT table later_things/);
        assert.match(e.message, /kopek migrate/);
        return true;
      },
    );
    await db.sql`DROP TABLE public.unmanaged`;
    await grantAppRole(owner, appRole);
    assert.deepEqual(messages(await appRoleProblems(owner, appRole)), []);

    // More than the services need.
    await owner`GRANT UPDATE, TRUNCATE ON events TO ${owner(appRole)}`;
    await owner`GRANT INSERT ON schema_migrations TO ${owner(appRole)}`;
    await db.sql.unsafe(`GRANT pg_execute_server_program TO ${appRole}`);
    await db.sql.unsafe(`ALTER ROLE ${appRole} CREATEDB`);
    await db.sql.unsafe(`GRANT ${roles.owner.name} TO ${appRole}`);
    const excess = messages(await appRoleProblems(owner, appRole));
    for (
      const expected of [
        `excess: role "${appRole}" may UPDATE table events`,
        `excess: role "${appRole}" may TRUNCATE table events`,
        `excess: role "${appRole}" may INSERT table schema_migrations`,
        `excess: role "${appRole}" is a member of pg_execute_server_program`,
        `excess: role "${appRole}" has CREATEDB`,
        `excess: role "${appRole}" owns schema "public" (or may act as its owner)`,
        `excess: role "${appRole}" owns relation events (or may act as its owner)`,
      ]
    ) assert.ok(excess.includes(expected), `${expected} in ${excess.join("\n")}`);
    await db.sql.unsafe(`REVOKE ${roles.owner.name} FROM ${appRole}`);
    await db.sql.unsafe(`REVOKE pg_execute_server_program FROM ${appRole}`);
    await db.sql.unsafe(`ALTER ROLE ${appRole} NOCREATEDB`);
    await grantAppRole(owner, appRole);
    assert.deepEqual(messages(await appRoleProblems(owner, appRole)), []);

    await db.sql.unsafe(`ALTER ROLE ${appRole} SUPERUSER`);
    assert.deepEqual(messages(await appRoleProblems(owner, appRole)), [
      `excess: role "${appRole}" is a superuser: it can disable the append-only triggers and ` +
      `run programs on the server (ALTER ROLE "${appRole}" NOSUPERUSER)`,
    ]);
    await db.sql.unsafe(`ALTER ROLE ${appRole} NOSUPERUSER`);
  },
});

Deno.test({
  name: "prepareSchema(): the owner migrates; the app role never does: it refuses an unmigrated " +
    "or changed database naming kopek migrate, and passes once the owner migrated and granted",
  ignore,
  fn: async () => {
    await using two = await createTwoRoleDatabase();
    const { owner, app, roles, db } = two;
    assert.equal(await connectionMayMigrate(db.sql), true, "a superuser may");
    assert.equal(await connectionMayMigrate(owner), true, "the schema's owner may");
    assert.equal(await connectionMayMigrate(app), false, "the app role may not");

    const notReady = (pattern: RegExp) => (e: Error) => {
      assert.ok(e instanceof SchemaNotReadyError, String(e));
      assert.match(e.message, /`kopek migrate`/);
      assert.match(e.message, pattern);
      return true;
    };
    await assert.rejects(
      prepareSchema(app, [eventStoreSchema]),
      notReady(/6 migration\(s\) not applied \(eventstore\/0001_events.sql, eventstore\/0002/),
    );
    const [{ created }] = await db.sql<{ created: boolean }[]>`
      SELECT to_regclass('schema_migrations') IS NOT NULL OR to_regclass('events') IS NOT NULL
        AS created`;
    assert.equal(created, false, "the app role created nothing");

    assert.equal(await prepareSchema(owner, [eventStoreSchema]), "migrated");
    await assert.rejects(prepareSchema(app, [eventStoreSchema]), notReady(/cannot SELECT table/));
    await grantAppRole(owner, roles.app.name);
    assert.equal(await prepareSchema(app, [eventStoreSchema]), "checked");

    await owner`UPDATE schema_migrations SET checksum = 'other' WHERE version = 2`;
    await assert.rejects(
      prepareSchema(app, [eventStoreSchema]),
      notReady(/eventstore\/0002_append_function.sql \(changed since it was applied\)/),
    );
  },
});

Deno.test({
  name: "pendingMigrations() names the files of a folder the database has not applied",
  ignore,
  fn: async () => {
    await using two = await createTwoRoleDatabase();
    const dir = await Deno.makeTempDir({ prefix: "kopek-migrations-" });
    try {
      await Deno.writeTextFile(`${dir}/0001_first.sql`, "CREATE TABLE first (x int);");
      await Deno.writeTextFile(`${dir}/0002_second.sql`, "CREATE TABLE second (x int);");
      const later = { component: "later", dir: new URL(`file://${dir}/`) };
      await migrate(two.owner);
      await grantAppRole(two.owner, two.roles.app.name);
      assert.deepEqual(await pendingMigrations(two.app, [later]), [
        "later/0001_first.sql",
        "later/0002_second.sql",
      ]);
      await migrate(two.owner, later);
      assert.deepEqual(await pendingMigrations(two.app, [later]), []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
