/**
 * Least privilege in the database: an owner role owns the schema and every
 * object in it and runs migrations, rebuilds and replays; the services
 * connect as an app role that may read and write the tables and append to
 * the log, and nothing more. It owns nothing, so it can neither disable nor
 * drop the append-only triggers, nor create objects, nor change owners; it is
 * no superuser, so it can neither set `session_replication_role` nor run
 * `COPY … PROGRAM`. See ADR 0022 and docs/operations.md ("Database roles");
 * `ops/postgres/roles.sql` is the same scheme for operators to read and run.
 *
 * Grants go by schema, never by table, so a table a later migration adds is
 * covered without anyone listing it: {@linkcode grantAppRole} grants on every
 * table of the schema after the migrations, and sets the owner's default
 * privileges so that tables it creates later (a blue/green rebuild builds
 * them in a schema of its own and moves them in) are usable by the app role
 * at once. {@linkcode appRoleProblems} is the one definition of "right".
 *
 * @module
 */
import type { Sql } from "../db.ts";
import { lockMigrations } from "./migrate.ts";

/** Tables the app role may read and append to but never change: the log and its idempotency keys. */
export const APPEND_ONLY_TABLES: readonly string[] = Object.freeze(["events", "command_log"]);

/** Tables the app role may only read: the migrations' bookkeeping (services check it at start). */
export const READ_ONLY_TABLES: readonly string[] = Object.freeze(["schema_migrations"]);

/**
 * Predefined roles that reach beyond the database (programs and files on the
 * server) or write every table whatever its grants.
 */
const SERVER_ROLES = [
  "pg_execute_server_program",
  "pg_read_server_files",
  "pg_write_server_files",
  "pg_write_all_data",
] as const;

/** An identifier double-quoted for SQL (any name: quotes are doubled). */
export function quoteRole(name: string): string {
  if (name === "" || name.includes("\0")) throw new Error("not a role name");
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Whether this connection may apply migrations: its role is a superuser or
 * has the privileges of the live schema's owner (`current_schema()`). A
 * single-role setup (the all-in-one's embedded server, a small install with
 * one role owning its database) migrates at start as it always did; the app
 * role of a two-role setup does not, and only checks.
 */
export async function connectionMayMigrate(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ may: boolean }[]>`
    SELECT r.rolsuper OR coalesce(pg_has_role(r.oid, n.nspowner, 'USAGE'), false) AS may
    FROM pg_roles r LEFT JOIN pg_namespace n ON n.nspname = current_schema()
    WHERE r.rolname = current_user`;
  return row?.may ?? false;
}

/** The role, schema and database a connection works in. */
export interface ConnectionIdentity {
  readonly role: string;
  /** `current_schema()`: where the live tables are; null when the search path names none. */
  readonly schema: string | null;
  readonly database: string;
}

/** Reads who and where a connection is. */
export async function connectionIdentity(sql: Sql): Promise<ConnectionIdentity> {
  const [row] = await sql<{ role: string; schema: string | null; database: string }[]>`
    SELECT current_user AS role, current_schema() AS schema, current_database() AS database`;
  return row;
}

/**
 * Grants the app role what the services need on the live schema, idempotently,
 * and sets the default privileges of this connection's role (the owner) so
 * that what it creates later is covered too. Run it as the owner after the
 * migrations (`kopek migrate` does, when it knows the app role):
 *
 * - the database: CONNECT; the schema: USAGE, and nobody but its owner may
 *   CREATE in it (PostgreSQL before 15 lets everyone create in `public`);
 * - every table: SELECT, INSERT, UPDATE, DELETE, never TRUNCATE, REFERENCES
 *   or TRIGGER; {@linkcode APPEND_ONLY_TABLES} SELECT and INSERT only,
 *   {@linkcode READ_ONLY_TABLES} SELECT only;
 * - every sequence: USAGE and SELECT (`nextval` of the log's positions);
 *   every function: EXECUTE (`kopek_append` runs with the caller's rights);
 * - default privileges of the owner, in every schema: the same on tables,
 *   sequences and functions it creates from now on.
 *
 * @example
 * ```ts
 * await migrate(ownerSql);
 * await grantAppRole(ownerSql, "kopek_app");
 * ```
 */
export async function grantAppRole(sql: Sql, app: string): Promise<void> {
  const me = await connectionIdentity(sql);
  if (me.schema === null) throw new Error("the search path names no existing schema");
  if (app === me.role) {
    throw new Error(`the app role ${quoteRole(app)} is the role that migrates: use two roles`);
  }
  const role = quoteRole(app);
  const owner = quoteRole(me.role);
  const schema = quoteRole(me.schema);
  await sql.begin(async (tx) => {
    // Not in the middle of a migration or a rebuild's swap, which add and move tables.
    await lockMigrations(tx);
    const existing = await tx<{ name: string }[]>`
      SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ${me.schema}) AND c.relkind IN ('r', 'p')
        AND c.relname = ANY(${tx.array([...APPEND_ONLY_TABLES, ...READ_ONLY_TABLES], 25)}::text[])`;
    const has = (t: string) => existing.some((e) => e.name === t);
    const statements = [
      `GRANT CONNECT ON DATABASE ${quoteRole(me.database)} TO ${role}`,
      `REVOKE CREATE ON SCHEMA ${schema} FROM PUBLIC`,
      `REVOKE CREATE ON SCHEMA ${schema} FROM ${role}`,
      `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
      `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
      `REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA ${schema} FROM ${role}`,
      ...APPEND_ONLY_TABLES.filter(has).map((t) =>
        `REVOKE UPDATE, DELETE ON ${schema}.${quoteRole(t)} FROM ${role}`
      ),
      ...READ_ONLY_TABLES.filter(has).map((t) =>
        `REVOKE INSERT, UPDATE, DELETE ON ${schema}.${quoteRole(t)} FROM ${role}`
      ),
      `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`,
      `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${schema} TO ${role}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} ` +
      `GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} GRANT EXECUTE ON FUNCTIONS TO ${role}`,
    ];
    for (const statement of statements) await tx.unsafe(statement);
  });
}

/** Something wrong with the app role's privileges. */
export interface RoleProblem {
  /** `missing`: the services will fail on it; `excess`: more than the services need. */
  readonly kind: "missing" | "excess";
  readonly message: string;
}

interface TableRights {
  name: string;
  select: boolean;
  insert: boolean;
  update: boolean;
  delete: boolean;
  truncate: boolean;
  references: boolean;
  trigger: boolean;
}

/**
 * What is wrong with `app`'s privileges on the live schema of `sql`
 * (`current_schema()`), compared with what {@linkcode grantAppRole} grants:
 * empty when the role is exactly right. Any connection may ask (it reads the
 * catalogs only). A table a migration added without grants shows up as
 * `missing`; a superuser, a member of a server-access role or of an owner,
 * CREATE on the schema or UPDATE on the log as `excess`.
 */
export async function appRoleProblems(sql: Sql, app: string): Promise<RoleProblem[]> {
  const who = `role ${quoteRole(app)}`;
  const [attrs] = await sql<
    {
      rolsuper: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
      rolreplication: boolean;
      rolbypassrls: boolean;
    }[]
  >`
    SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls
    FROM pg_roles WHERE rolname = ${app}`;
  if (!attrs) return [{ kind: "missing", message: `${who} does not exist` }];
  const problems: RoleProblem[] = [];
  const excess = (message: string) => problems.push({ kind: "excess", message });
  const missing = (message: string) => problems.push({ kind: "missing", message });
  if (attrs.rolsuper) {
    excess(
      `${who} is a superuser: it can disable the append-only triggers and run programs on the ` +
        `server (ALTER ROLE ${quoteRole(app)} NOSUPERUSER)`,
    );
    // A superuser passes every privilege check below: nothing more to learn.
    return problems;
  }
  const attributes: [boolean, string][] = [
    [attrs.rolcreaterole, "CREATEROLE"],
    [attrs.rolcreatedb, "CREATEDB"],
    [attrs.rolreplication, "REPLICATION"],
    [attrs.rolbypassrls, "BYPASSRLS"],
  ];
  for (const [set, name] of attributes) if (set) excess(`${who} has ${name}`);

  const server = await sql<{ name: string }[]>`
    SELECT rolname AS name FROM pg_roles
    WHERE rolname = ANY(${sql.array([...SERVER_ROLES], 25)}::text[])
      AND pg_has_role(${app}::name, oid, 'MEMBER')
    ORDER BY rolname`;
  for (const { name } of server) excess(`${who} is a member of ${name}`);

  const [schema] = await sql<
    { name: string | null; owns: boolean; usage: boolean; create: boolean }[]
  >`
    SELECT n.nspname AS name,
           pg_has_role(${app}::name, n.nspowner, 'MEMBER') AS owns,
           has_schema_privilege(${app}::name, n.oid, 'USAGE') AS usage,
           has_schema_privilege(${app}::name, n.oid, 'CREATE') AS create
    FROM (SELECT current_schema() AS name) s LEFT JOIN pg_namespace n ON n.nspname = s.name`;
  if (!schema?.name) {
    missing("the search path names no existing schema");
    return problems;
  }
  const where = `schema ${quoteRole(schema.name)}`;
  if (schema.owns) excess(`${who} owns ${where} (or may act as its owner)`);
  else if (schema.create) excess(`${who} may CREATE in ${where}`);
  if (!schema.usage) missing(`${who} has no USAGE on ${where}`);

  const owned = await sql<{ kind: string; name: string }[]>`
    SELECT 'relation' AS kind, c.relname AS name FROM pg_class c
    WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ${schema.name})
      AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
      AND pg_has_role(${app}::name, c.relowner, 'MEMBER')
    UNION ALL
    SELECT 'function', p.proname FROM pg_proc p
    WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = ${schema.name})
      AND pg_has_role(${app}::name, p.proowner, 'MEMBER')
    ORDER BY 1, 2`;
  for (const o of owned) excess(`${who} owns ${o.kind} ${o.name} (or may act as its owner)`);

  const tables = await sql<TableRights[]>`
    SELECT c.relname AS name,
           has_table_privilege(${app}::name, c.oid, 'SELECT') AS select,
           has_table_privilege(${app}::name, c.oid, 'INSERT') AS insert,
           has_table_privilege(${app}::name, c.oid, 'UPDATE') AS update,
           has_table_privilege(${app}::name, c.oid, 'DELETE') AS delete,
           has_table_privilege(${app}::name, c.oid, 'TRUNCATE') AS truncate,
           has_table_privilege(${app}::name, c.oid, 'REFERENCES') AS references,
           has_table_privilege(${app}::name, c.oid, 'TRIGGER') AS trigger
    FROM pg_class c
    WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ${schema.name}) AND c.relkind IN ('r', 'p')
      AND NOT c.relispartition
    ORDER BY c.relname`;
  for (const t of tables) {
    const wanted = READ_ONLY_TABLES.includes(t.name)
      ? ["select"]
      : APPEND_ONLY_TABLES.includes(t.name)
      ? ["select", "insert"]
      : ["select", "insert", "update", "delete"];
    for (
      const right of [
        "select",
        "insert",
        "update",
        "delete",
        "truncate",
        "references",
        "trigger",
      ] as const
    ) {
      const want = wanted.includes(right);
      if (want && !t[right]) missing(`${who} cannot ${right.toUpperCase()} table ${t.name}`);
      if (!want && t[right]) excess(`${who} may ${right.toUpperCase()} table ${t.name}`);
    }
  }

  const unusable = await sql<{ kind: string; name: string }[]>`
    SELECT 'sequence' AS kind, c.relname AS name FROM pg_class c
    WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = ${schema.name})
      -- CASE: the planner may test the privilege first, and on a relation that is no sequence
      -- has_sequence_privilege() raises.
      AND CASE WHEN c.relkind = 'S'
               THEN NOT has_sequence_privilege(${app}::name, c.oid, 'USAGE') END
    UNION ALL
    SELECT 'function', p.proname FROM pg_proc p
    WHERE p.pronamespace = (SELECT oid FROM pg_namespace WHERE nspname = ${schema.name})
      AND NOT has_function_privilege(${app}::name, p.oid, 'EXECUTE')
    ORDER BY 1, 2`;
  for (const u of unusable) {
    missing(`${who} cannot ${u.kind === "sequence" ? "use" : "EXECUTE"} ${u.kind} ${u.name}`);
  }
  return problems;
}
