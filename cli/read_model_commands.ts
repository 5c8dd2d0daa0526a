/**
 * The read models' commands: `kopek rebuild <name>|--all` rebuilds read models
 * blue/green (the live ones keep serving), and `kopek replay --until` builds
 * every read model as of an instant into a schema of its own.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { Instant } from "@kopek/domain";
import {
  createPostgresEventStore,
  grantAppRole,
  migrate as migrateEventStore,
} from "@kopek/eventstore";
import {
  PROJECTION_NAMES,
  projectorMigrate,
  rebuildProjections,
  ReplayError,
  replayUntil,
} from "@kopek/projector";
import { connect } from "@kopek/platform";
import { appRoleOf, maintenance, print, printError } from "./maintenance.ts";

/** `kopek rebuild <name>|--all`: blue/green, the live read models keep serving. */
export async function rebuild(args: string[]): Promise<number> {
  const names = PROJECTION_NAMES.join(", ");
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: { all: { type: "boolean" } },
    });
  } catch (e) {
    printError(`${(e as Error).message}\nusage: kopek rebuild <read-model>|--all  (${names})`);
    return 2;
  }
  const { values, positionals } = parsed;
  const chosen = values.all ? [...PROJECTION_NAMES] : positionals;
  const unknown = chosen.filter((n) => !(PROJECTION_NAMES as readonly string[]).includes(n));
  if (chosen.length === 0 || unknown.length > 0 || (values.all && positionals.length > 0)) {
    printError(`name the read models to rebuild, or --all: ${names}`);
    return 2;
  }
  await maintenance(async (url, log, config) => {
    const sql = connect(url, { max: 8, statementTimeoutMs: 0 });
    try {
      await migrateEventStore(sql);
      // The rebuilt projections' migrations run in their build schema, not in place.
      await projectorMigrate(sql, { except: chosen });
      const store = createPostgresEventStore(sql);
      const result = await rebuildProjections({ sql, store, logger: log }, chosen);
      // The owner's default privileges already cover the tables swapped in; granting again
      // also covers a rebuild run by another role than the one `kopek migrate` set them for.
      const app = appRoleOf(config);
      if (app !== undefined) await grantAppRole(sql, app);
      print(
        `rebuilt ${result.projections.join(", ")} without downtime: ${result.events} events ` +
          `applied, through position ${result.position}; the swap held the projector for ` +
          `${result.swapMs} ms`,
      );
      if (result.quarantined > 0) {
        print(
          `${result.quarantined} quarantined (stream, read model) pairs: kopek quarantine list`,
        );
      }
    } finally {
      await sql.end();
    }
  }, { asOwner: true });
  return 0;
}

/** `kopek replay --until <instant> [--schema NAME]`. */
export async function replay(args: string[]): Promise<number> {
  const usage = "usage: kopek replay --until <RFC 3339 instant> [--schema NAME]";
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      options: { until: { type: "string" }, schema: { type: "string" } },
    }));
  } catch (e) {
    printError(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (values.until === undefined || !Instant.safeParse(values.until).success) {
    printError(
      `${
        values.until === undefined ? "--until is required" : "--until must be an RFC 3339 " +
          "date-time with an offset, e.g. 2026-03-31T23:59:59Z"
      }\n${usage}`,
    );
    return 2;
  }
  const until = new Date(values.until);
  let code = 0;
  await maintenance(async (url, log) => {
    const sql = connect(url, { max: 4, statementTimeoutMs: 0 });
    try {
      await migrateEventStore(sql);
      await projectorMigrate(sql);
      const store = createPostgresEventStore(sql);
      const result = await replayUntil({ sql, store, logger: log, until, schema: values.schema });
      print(
        [
          `built every read model as of ${until.toISOString()} into schema ${result.schema}`,
          `(${result.applied} group events at or before it, of ${result.events} in the log)`,
          "",
          "Query it with psql, e.g.:",
          `  SET search_path TO ${result.schema}, public;`,
          "  SELECT * FROM rm_balances WHERE group_id = '<group id>';",
          `Tables: ${result.tables.join(", ")}`,
          ...(result.quarantined > 0
            ? [
              `${result.quarantined} (stream, read model) pairs could not be applied and stop ` +
              `early: SELECT * FROM ${result.schema}.projector_quarantine;`,
            ]
            : []),
          `Drop it when done: DROP SCHEMA ${result.schema} CASCADE;`,
        ].join("\n"),
      );
    } catch (e) {
      if (!(e instanceof ReplayError)) throw e;
      printError(e.message);
      code = 2;
    } finally {
      await sql.end();
    }
  }, { asOwner: true });
  return code;
}
