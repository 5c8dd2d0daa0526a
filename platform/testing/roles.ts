/**
 * Throwaway PostgreSQL login roles for least-privilege tests. Roles belong to
 * the whole server, not to a test's database, so each gets a random suffix
 * and is dropped on dispose (drop the databases it owns first: dispose the
 * roles after them, i.e. create the roles first with `await using`).
 *
 * @module
 */
import { connect, type Sql } from "../db.ts";
import { createTestDatabase, type TestDatabase, testServerUrl } from "./database.ts";

/** A login role of a test. */
export interface TestRole {
  readonly name: string;
  readonly password: string;
  /** `databaseUrl` (any database of the test server) with this role's credentials. */
  url(databaseUrl: string): string;
}

/** The roles of a test by label; dropped on dispose. */
export type TestRoles<L extends string> = Readonly<Record<L, TestRole>> & AsyncDisposable;

/** `url` with another user and password, keeping host, database and query. */
export function withRole(url: string, role: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}

function makeRole(label: string): TestRole {
  const name = `kopek_t_${label}_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const password = crypto.randomUUID();
  return { name, password, url: (databaseUrl) => withRole(databaseUrl, name, password) };
}

/**
 * Creates one login role per label (`kopek_t_<label>_<random>`), with no
 * attribute beyond LOGIN: no superuser, no CREATEDB, no CREATEROLE.
 *
 * @example
 * ```ts
 * await using roles = await createTestRoles(["owner", "app"]);
 * await using db = await createTestDatabase(); // dropped before the roles
 * const app = connect(roles.app.url(db.url));
 * ```
 */
export async function createTestRoles<L extends string>(
  labels: readonly L[],
): Promise<TestRoles<L>> {
  const roles = Object.fromEntries(labels.map((l) => [l, makeRole(l)])) as Record<L, TestRole>;
  const all = Object.values<TestRole>(roles);
  const admin = connect(testServerUrl(), { max: 1 });
  const created: TestRole[] = [];
  const drop = async () => {
    const admin = connect(testServerUrl(), { max: 1 });
    try {
      for (const r of created) await admin.unsafe(`DROP ROLE IF EXISTS ${r.name}`);
    } finally {
      await admin.end();
    }
  };
  try {
    for (const r of all) {
      await admin.unsafe(
        `CREATE ROLE ${r.name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${r.password}'`,
      );
      created.push(r);
    }
  } catch (e) {
    await admin.end();
    await drop();
    throw e;
  }
  await admin.end();
  return { ...roles, [Symbol.asyncDispose]: drop };
}

/**
 * Whether a new role can log in to the test server: not through a PgBouncer
 * whose auth file knows only the roles it lists (CI's lets any role in
 * through `auth_user`). Tests that connect as their own roles skip otherwise.
 */
export async function rolesCanLogIn(): Promise<boolean> {
  await using roles = await createTestRoles(["probe"]);
  const sql = connect(roles.probe.url(testServerUrl()), { max: 1 });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

/**
 * Whether a test file that connects as roles of its own must be ignored here
 * (see {@linkcode rolesCanLogIn}); says why on stderr when it must.
 *
 * @example
 * ```ts
 * const ignore = await ignoreWithoutRoleLogins("roles.int_test.ts");
 * Deno.test({ name: "…", ignore, fn: async () => {} });
 * ```
 */
export async function ignoreWithoutRoleLogins(file: string): Promise<boolean> {
  if (await rolesCanLogIn()) return false;
  Deno.stderr.writeSync(
    new TextEncoder().encode(
      `${file}: skipped: new roles cannot log in to KOPEK_TEST_DATABASE_URL ` +
        "(a PgBouncer without auth_user?)\n",
    ),
  );
  return true;
}

/** A throwaway database owned by a fresh owner role, a fresh app role, and pools for each. */
export interface TwoRoleDatabase extends AsyncDisposable {
  /** The database; its `sql` pool is the test server's superuser's. */
  readonly db: TestDatabase;
  readonly roles: TestRoles<"owner" | "app">;
  /** A pool as the owner (owns the database and its `public` schema). */
  readonly owner: Sql;
  /** A pool as the app role (nothing granted yet). */
  readonly app: Sql;
}

/**
 * Creates two roles and a database that the owner role owns, with its
 * `public` schema, as `ops/postgres/roles.sql` sets one up; nothing is
 * granted to the app role. Dispose drops the database, then the roles.
 */
export async function createTwoRoleDatabase(prefix = "kopek_priv"): Promise<TwoRoleDatabase> {
  const roles = await createTestRoles(["owner", "app"]);
  let db: TestDatabase;
  try {
    db = await createTestDatabase(prefix, { max: 4 });
  } catch (e) {
    await roles[Symbol.asyncDispose]();
    throw e;
  }
  const owner = connect(roles.owner.url(db.url), { max: 8, applicationName: "kopek-test-owner" });
  const app = connect(roles.app.url(db.url), { max: 8, applicationName: "kopek-test-app" });
  const dispose = async () => {
    try {
      await Promise.all([owner.end({ timeout: 5 }), app.end({ timeout: 5 })]);
      await db[Symbol.asyncDispose]();
    } finally {
      await roles[Symbol.asyncDispose]();
    }
  };
  try {
    await db.sql.unsafe(`ALTER DATABASE ${db.name} OWNER TO ${roles.owner.name}`);
    await db.sql.unsafe(`ALTER SCHEMA public OWNER TO ${roles.owner.name}`);
  } catch (e) {
    await dispose();
    throw e;
  }
  return { db, roles, owner, app, [Symbol.asyncDispose]: dispose };
}
