/**
 * Least privilege end to end (ADR 0022), on a fresh database owned by a
 * fresh owner role, with a fresh app role (both dropped afterwards, even on
 * failure): a service started as the app role on an unmigrated database
 * refuses to start; `kopek migrate` as the owner migrates and grants; Kopek
 * as the app role serves the API.md walk (commands, projector, queries with
 * `Kopek-Min-Position`) and survives a `kopek rebuild --all` run as the
 * owner; the app role is refused what could rewrite history; and
 * `ops/postgres/roles.sql` sets up the same roles by hand. The services run
 * under their deno.json tasks' flags. Skipped where new roles cannot log in
 * to the test server.
 */
import assert from "node:assert/strict";
import {
  appRoleProblems,
  grantAppRole,
  migrateSchema,
  prepareSchema,
  SchemaNotReadyError,
} from "@kopek/eventstore";
import type { Sql } from "@kopek/platform";
import {
  createTwoRoleDatabase,
  ignoreWithoutRoleLogins,
  testServerUrl,
  type TwoRoleDatabase,
  withRole,
} from "@kopek/platform/testing";
import { PROJECTION_NAMES } from "@kopek/projector";
import { KOPEK_SCHEMA, startAllInOne } from "@kopek/cli";
import { EXPECTED_BALANCES, spawnTask, startForTest, walkthrough } from "@kopek/testing";

const ignore = await ignoreWithoutRoleLogins("e2e/operations/least_privilege.int_test.ts");

const SECRET = "a-test-secret-that-is-long-enough-1234";

/** Runs a task to its end; answers its exit code and output. */
async function runTask(task: string, env: Record<string, string>, args: string[] = []) {
  const out = await spawnTask(task, env, { extraArgs: args }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** The variables of `kopek` as the owner, granting to the app role. */
function ownerEnv(two: TwoRoleDatabase, dataDir: string): Record<string, string> {
  return {
    KOPEK_MIGRATION_DATABASE_URL: two.roles.owner.url(two.db.url),
    KOPEK_DATABASE_URL: two.roles.app.url(two.db.url),
    KOPEK_DATA_DIR: dataDir,
    KOPEK_LOG_LEVEL: "warn",
  };
}

async function tableCount(sql: Sql): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`;
  return n;
}

Deno.test({
  name: "a service or Kopek started as the app role on an unmigrated database refuses to start, " +
    "naming kopek migrate, and creates nothing",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using two = await createTwoRoleDatabase("kopek_cli_priv");
    const appUrl = two.roles.app.url(two.db.url);
    const service = await runTask("serve:query-api", {
      KOPEK_DATABASE_URL: appUrl,
      KOPEK_JWT_SECRET: SECRET,
      KOPEK_PORT: "0",
      KOPEK_LOG_LEVEL: "info",
    });
    assert.equal(service.code, 78, service.stdout + service.stderr);
    assert.match(service.stderr, /the database is not migrated: \d+ migration\(s\) not applied/);
    assert.match(service.stderr, /run `kopek migrate` as the owner role/);

    const dataDir = await Deno.makeTempDir({ prefix: "kopek-priv-" });
    try {
      await assert.rejects(
        startAllInOne({
          KOPEK_DATABASE_URL: appUrl,
          KOPEK_PORT: "0",
          KOPEK_HOSTNAME: "127.0.0.1",
          KOPEK_JWT_SECRET: SECRET,
          KOPEK_LOG_LEVEL: "silent",
          KOPEK_DATA_DIR: dataDir,
          KOPEK_RATES_FETCH: "off",
        }),
        (e: Error) => e instanceof SchemaNotReadyError && /`kopek migrate`/.test(e.message),
      );
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
    assert.equal(await tableCount(two.db.sql), 0, "the app role created no table");
  },
});

Deno.test({
  name: "kopek migrate as the owner grants the app role; Kopek as the app role serves the walk, " +
    "a rebuild as the owner, and cannot touch the history",
  ignore,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using two = await createTwoRoleDatabase("kopek_cli_priv");
    const app = two.roles.app.name;
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-priv-" });
    try {
      const migrated = await runTask("migrate", ownerEnv(two, dataDir));
      assert.equal(migrated.code, 0, migrated.stdout + migrated.stderr);
      assert.match(migrated.stdout, /granted what the services need, and no more/);
      assert.deepEqual(await appRoleProblems(two.owner, app), []);

      const running = await startForTest(two.roles.app.url(two.db.url));
      try {
        const walk = await walkthrough(running.url);
        const byId = new Map(walk.balances.members.map((m) => [m.memberId, m]));
        for (const [who, id] of Object.entries(walk.members)) {
          const m = byId.get(id)!;
          assert.deepEqual(
            { paid: m.paid.amount, owed: m.owed.amount, balance: m.balance.amount },
            EXPECTED_BALANCES[who as keyof typeof EXPECTED_BALANCES],
          );
        }

        // The owner rebuilds every read model under the running app-role projector.
        const rebuilt = await runTask("kopek", ownerEnv(two, dataDir), ["rebuild", "--all"]);
        assert.equal(rebuilt.code, 0, rebuilt.stdout + rebuilt.stderr);
        assert.match(rebuilt.stdout, new RegExp(`rebuilt ${[...PROJECTION_NAMES].sort()[0]}`));
        assert.deepEqual(await appRoleProblems(two.owner, app), []);
        const lunch = await walk.ana.post(`/v1/groups/${walk.groupId}/expenses`, {
          date: "2026-11-21",
          category: "food",
          description: "Lunch",
          total: { amount: "10.00", currency: "EUR" },
          paidBy: [{ memberId: walk.members.ana, amount: "10.00" }],
          split: {
            mode: "equal",
            shares: [{ memberId: walk.members.ana }, { memberId: walk.members.bob }],
          },
        });
        assert.equal(lunch.status, 201, JSON.stringify(lunch.body));
        const after = await walk.bob.get(`/v1/groups/${walk.groupId}/balances`, {
          "Kopek-Min-Position": String(lunch.body.position),
        });
        assert.equal(after.status, 200, JSON.stringify(after.body));
        const ana = (after.body.members as { memberId: string; balance: { amount: string } }[])
          .find((m) => m.memberId === walk.members.ana)!;
        assert.equal(ana.balance.amount, "-89.64", "Ana's −94.64 plus the 5.00 Bob owes her");

        // The auditor's commands run as the app role too: they check, they do not migrate.
        const verified = await runTask("kopek", {
          KOPEK_DATABASE_URL: two.roles.app.url(two.db.url),
          KOPEK_DATA_DIR: dataDir,
          KOPEK_LOG_LEVEL: "warn",
        }, ["verify"]);
        assert.equal(verified.code, 0, verified.stdout + verified.stderr);
        assert.match(verified.stdout, /every hash chain intact/);
      } finally {
        await running.stop();
      }

      // What a compromised service could try, on the whole schema. Every one: permission denied.
      const [{ n: events }] = await two.app<{ n: number }[]>`SELECT count(*)::int AS n FROM events`;
      for (
        const statement of [
          "UPDATE events SET data = '{}'",
          "DELETE FROM events",
          "TRUNCATE events",
          "ALTER TABLE events DISABLE TRIGGER ALL",
          "DROP TRIGGER events_no_update_delete ON events",
          "SET session_replication_role = replica",
          "COPY (SELECT 1) TO PROGRAM 'true'",
          "CREATE TABLE forged (x int)",
          "CREATE FUNCTION forged() RETURNS int LANGUAGE sql AS 'SELECT 1'",
          `ALTER TABLE events OWNER TO ${app}`,
          `ALTER TABLE rm_balances OWNER TO ${app}`,
          "TRUNCATE rm_balances",
          "DROP TABLE rm_entries",
          "INSERT INTO schema_migrations (component, version, name, checksum) " +
          "VALUES ('forged', 1, 'forged', 'forged')",
          "DELETE FROM schema_migrations",
        ]
      ) {
        await assert.rejects(
          two.app.unsafe(statement).simple(),
          (e: { code?: string }) => e.code === "42501",
          statement,
        );
      }
      const [{ n: still }] = await two.app<{ n: number }[]>`SELECT count(*)::int AS n FROM events`;
      assert.equal(still, events);

      // kopek migrate fails, saying why, when the app role has more than it should or is unknown.
      await two.db.sql.unsafe(`ALTER ROLE ${app} CREATEDB`);
      const excess = await runTask("migrate", ownerEnv(two, dataDir));
      assert.equal(excess.code, 1, excess.stdout + excess.stderr);
      assert.match(excess.stderr, new RegExp(`excess: role "${app}" has CREATEDB`));
      await two.db.sql.unsafe(`ALTER ROLE ${app} NOCREATEDB`);
      const unknown = await runTask("migrate", {
        ...ownerEnv(two, dataDir),
        KOPEK_DATABASE_URL: withRole(two.db.url, "kopek_t_nobody", "x"),
      });
      assert.equal(unknown.code, 1, unknown.stdout + unknown.stderr);
      assert.match(
        unknown.stderr,
        /role kopek_t_nobody \(the user of KOPEK_DATABASE_URL\) does not/,
      );
    } finally {
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

/** psql, when this machine has it. */
const PSQL = (() => {
  try {
    return new Deno.Command("psql", { args: ["--version"] }).outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "ops/postgres/roles.sql sets up the roles by hand: run before and after the migrations, " +
    "it leaves the app role exactly as kopek migrate does",
  ignore: ignore || !PSQL,
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using two = await createTwoRoleDatabase("kopek_cli_priv");
    const server = new URL(testServerUrl());
    server.search = ""; // libpq knows no postgres.js options
    const rolesSql = async () => {
      const out = await new Deno.Command("psql", {
        args: [
          "-X",
          "-q",
          "-v",
          "ON_ERROR_STOP=1",
          "-v",
          `owner=${two.roles.owner.name}`,
          "-v",
          `app=${two.roles.app.name}`,
          "-v",
          `db=${two.db.name}`,
          "-v",
          `app_password=${two.roles.app.password}`,
          "-f",
          new URL("../../ops/postgres/roles.sql", import.meta.url).pathname,
          server.toString(),
        ],
        stdout: "piped",
        stderr: "piped",
      }).output();
      const text = new TextDecoder();
      assert.equal(out.code, 0, text.decode(out.stdout) + text.decode(out.stderr));
    };
    await rolesSql();
    // Migrations as the owner without kopek migrate's grants: the default privileges of
    // roles.sql already let the app role use every table (and, until the grants run again,
    // change the log's rows, which its triggers still refuse).
    await migrateSchema(two.owner, KOPEK_SCHEMA);
    assert.equal(await prepareSchema(two.app, KOPEK_SCHEMA), "checked");
    const before = await appRoleProblems(two.owner, two.roles.app.name);
    assert.ok(before.every((p) => p.kind === "excess"), JSON.stringify(before));
    assert.ok(before.some((p) => /may UPDATE table events/.test(p.message)));
    await rolesSql();
    assert.deepEqual(await appRoleProblems(two.owner, two.roles.app.name), []);
    await grantAppRole(two.owner, two.roles.app.name);
    assert.deepEqual(await appRoleProblems(two.owner, two.roles.app.name), []);
  },
});
