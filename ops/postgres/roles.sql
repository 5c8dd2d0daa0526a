-- Kopek's database roles (ADR 0022; docs/operations.md, "Database roles").
--
--   owner (default kopek):     owns the database, its schema and every table, function and
--                              sequence; runs `kopek migrate`, `kopek rebuild`, `kopek replay`.
--   app   (default kopek_app): what the services connect as (KOPEK_DATABASE_URL). Reads and
--                              writes the tables, appends to the log, owns nothing: it cannot
--                              disable or drop the append-only triggers, create anything, change
--                              an owner, set session_replication_role or run COPY ... PROGRAM.
--
-- Run as a superuser, once before the first `kopek migrate` (running it again changes nothing):
--
--   psql -v ON_ERROR_STOP=1 -v owner_password="$OWNER_PASSWORD" \
--        -v app_password="$APP_PASSWORD" -f ops/postgres/roles.sql postgres://postgres@host/postgres
--
-- Other names: -v owner=… -v app=… -v db=…. Without a password variable the role's password
-- is left as it is (for certificate or peer authentication). Then migrate as the owner; with
-- both URLs `kopek migrate` grants the app role (the same grants as section 4 below):
--
--   KOPEK_MIGRATION_DATABASE_URL=postgres://kopek:…@host/kopek \
--   KOPEK_DATABASE_URL=postgres://kopek_app:…@host/kopek npx --yes deno@2.9.6 task migrate

\set ON_ERROR_STOP on
\if :{?owner}
\else
  \set owner kopek
\endif
\if :{?app}
\else
  \set app kopek_app
\endif
\if :{?db}
\else
  \set db kopek
\endif

-- 1. The roles: logins with no attribute beyond LOGIN. Neither may be a superuser: a superuser
--    passes every check below.
SELECT format('CREATE ROLE %I', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'app')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
\if :{?owner_password}
ALTER ROLE :"owner" PASSWORD :'owner_password';
\endif
\if :{?app_password}
ALTER ROLE :"app" PASSWORD :'app_password';
\endif

-- 2. The database, owned by the owner (rebuilds create schemas in it); only the app role (and
--    the owner) may connect.
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";

\connect :"db"

-- 3. The schema: the owner's; nobody else creates in it (before PostgreSQL 15 everyone could).
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM :"app";
GRANT USAGE ON SCHEMA public TO :"app";

-- 4. What the app role may do with the tables, by schema, never table by table, so that a table
--    a later migration adds is covered. `kopek migrate` grants the same after every migration
--    (platform/schema/roles.ts); run this section again if you migrate another way.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM :"app";
-- The log and its idempotency keys: read and append only.
SELECT format('REVOKE UPDATE, DELETE ON public.%I FROM %I', t, :'app')
FROM unnest(ARRAY['events', 'command_log']) AS t
WHERE to_regclass(format('public.%I', t)) IS NOT NULL \gexec
-- The migrations' bookkeeping: read only (the services check it at start).
SELECT format('REVOKE INSERT, UPDATE, DELETE ON public.%I FROM %I', t, :'app')
FROM unnest(ARRAY['schema_migrations']) AS t
WHERE to_regclass(format('public.%I', t)) IS NOT NULL \gexec
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app";
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO :"app";

-- 5. What the owner creates from now on, in any schema: migrations, and the tables a blue/green
--    rebuild builds in kopek_build_<name> and moves into public. (The app role has no USAGE on
--    those build schemas, nor on the kopek_asof_… schemas of `kopek replay`.)
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT USAGE, SELECT ON SEQUENCES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" GRANT EXECUTE ON FUNCTIONS TO :"app";
