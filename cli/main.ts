/**
 * `kopek`: the command line. `start` runs the all-in-one process; `migrate`
 * applies the SQL migrations as the owner role and grants the services' app
 * role what it needs (ADR 0022); `rebuild <name>|--all` rebuilds read models
 * blue/green (no downtime); `replay --until` builds every read model as of
 * an instant into a schema of its own; `quarantine list|retry|skip` handles
 * the streams a read model could not apply (see `quarantine_command.ts`);
 * `parse` runs the bot's message parser on one message; `verify`, `export`
 * and `import` are the auditor's (see `audit_commands.ts`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  appRoleProblems,
  createPostgresEventStore,
  eventStoreSchema,
  grantAppRole,
  migrate as migrateEventStore,
  migrateSchema,
  prepareSchema,
  SchemaNotReadyError,
} from "@kopek/eventstore";
import { PROJECTION_NAMES, projectorMigrate } from "@kopek/projector";
import { ConfigError, connect, exitFatally, exitOnFatal, exitOnSignal } from "@kopek/platform";
import { importRatesFile, RateSourceError, ratesSchema } from "@kopek/rates";
import { importsSchema } from "@kopek/imports";
import { runParse } from "./parse_command.ts";
import { vapidKeysCommand } from "./vapid_keys.ts";
import { exportCommand, importCommand, UsageError, verifyCommand } from "./audit_commands.ts";
import { appRoleOf, maintenance, print, printError } from "./maintenance.ts";
import { rebuild, replay } from "./read_model_commands.ts";
import { KOPEK_SCHEMA } from "./schema.ts";
import { progressReporter } from "./import_progress.ts";
import { startAllInOne } from "./start.ts";
import { parseQuarantineArgs, runQuarantine } from "./quarantine_command.ts";
import { backupCommand, restoreCommand } from "./backup_commands.ts";

const USAGE = `kopek: a self-hostable expense ledger

Usage:
  kopek start                 run Kopek all-in-one (API, projector, embedded PostgreSQL)
  kopek migrate               apply the database migrations (as the owner role of
                              KOPEK_MIGRATION_DATABASE_URL when set, then grant the role
                              of KOPEK_DATABASE_URL what the services need)
  kopek rates import FILE     load an ECB reference-rate XML file (offline installs)
  kopek rebuild <read-model>|--all
                              rebuild read models from the log without downtime: built
                              into a schema of their own while the live ones serve, then
                              swapped in (${PROJECTION_NAMES.join(", ")})
  kopek replay --until <instant> [--schema NAME]
                              build every read model as of an RFC 3339 instant into a
                              schema of its own (default kopek_asof_<instant>) to query
                              with psql; the live read models are not touched
  kopek quarantine list [--skipped]
                              the streams a read model could not apply and skips
                              (see docs/operations.md, "A stream is quarantined")
  kopek quarantine retry <stream|group-id|--all> [--projection NAME]
                              after a fixed release: apply them again, in order
  kopek quarantine skip <stream|group-id> --position N --by NAME [--reason TEXT]
                              [--projection NAME]
                              make the read models ignore that one event for good
  kopek verify [--group G]    recompute the hash chains (every stream, or one group's);
                              exits 1 naming the first bad position
  kopek export --group G | --all
                              write the SQL dump of one group or every group to stdout
  kopek import FILE --owner EMAIL
                              restore a SQL dump as new groups owned by that account
                              (waits for the import; its progress on stderr)
  kopek backup [--dir DIR] [--keep N]
                              a base backup of the embedded PostgreSQL (running or not)
                              into <data dir>/backups/base (or DIR), keeping the newest N
                              (default 7); with the WAL archive <data dir>/backups/wal it
                              restores to any later instant
  kopek restore --from <backup|latest> [--to <instant>]
                              with Kopek stopped: the data folder moved aside, the backup
                              laid down and the archive replayed (to the RFC 3339 instant,
                              or to its end), then the hash chains verified
  kopek parse --today YYYY-MM-DD --currency CODE --me NAME --members "A,B" TEXT
                              parse a bot message, print it as one JSON line
  kopek vapid-keys            print a new VAPID key pair for web push (distributed mode)
  kopek help                  show this

Configuration comes from KOPEK_* environment variables (see README.md).`;

async function start() {
  const running = await startAllInOne();
  // Anything uncaught is fatal (exit 1, for the service manager to restart Kopek), and so is
  // an embedded PostgreSQL that can never start again (ADR 0024).
  exitOnFatal(running.logger);
  running.failed.catch((e) => exitFatally(running.logger, e, "cannot recover: exiting"));
  print(`Kopek is running at ${running.url}`);
  // Drains and exits 0, or exits 1 past the deadline whatever the clients do (ADR 0025).
  exitOnSignal(() => running.stop(), {
    logger: running.logger,
    deadlineMs: running.stopDeadlineMs,
    onSignal: () => print("Stopping Kopek…"),
  });
}

/** `kopek migrate`: every part's migrations as the owner, then the app role's grants. */
async function migrateCommand(): Promise<number> {
  let code = 0;
  await maintenance(async (url, _log, config) => {
    const sql = connect(url, { max: 2, statementTimeoutMs: 0 });
    try {
      await migrateSchema(sql, KOPEK_SCHEMA);
      const app = appRoleOf(config);
      if (app === undefined) {
        print("migrations applied");
        return;
      }
      const [known] = await sql`SELECT 1 FROM pg_roles WHERE rolname = ${app}`;
      if (!known) {
        printError(
          `migrations applied, but role ${app} (the user of KOPEK_DATABASE_URL) does not exist: ` +
            "create it, e.g. with ops/postgres/roles.sql (docs/operations.md#database-roles)",
        );
        code = 1;
        return;
      }
      await grantAppRole(sql, app);
      const problems = await appRoleProblems(sql, app);
      if (problems.length === 0) {
        print(`migrations applied; role ${app} granted what the services need, and no more`);
        return;
      }
      printError(
        `migrations applied, but role ${app} is not as the services should have it:\n` +
          problems.map((p) => `  ${p.kind}: ${p.message}`).join("\n") +
          "\nsee docs/operations.md#database-roles",
      );
      code = 1;
    } finally {
      await sql.end();
    }
  }, { asOwner: true });
  return code;
}

async function audit(command: string, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: command === "import",
    strict: true,
    options: command === "verify"
      ? { group: { type: "string" } }
      : command === "export"
      ? { group: { type: "string" }, all: { type: "boolean" } }
      : { owner: { type: "string" } },
  });
  if (command === "import" && positionals.length !== 1) {
    throw new UsageError("usage: kopek import FILE --owner EMAIL");
  }
  // Look at the file before touching the database: a wrong path fails fast.
  if (command === "import") await Deno.stat(positionals[0]);
  let code = 0;
  await maintenance(async (url, log) => {
    const sql = connect(url, { max: 2, statementTimeoutMs: 0 });
    try {
      await prepareSchema(sql, [eventStoreSchema]);
      const store = createPostgresEventStore(sql);
      if (command === "export") {
        await (await exportCommand(store, values)).pipeTo(Deno.stdout.writable, {
          preventClose: true,
        });
        return;
      }
      let outcome;
      if (command === "verify") {
        outcome = await verifyCommand(store, values as { group?: string });
      } else {
        await prepareSchema(sql, [importsSchema]);
        // The progress on stderr: a bar on a terminal, plain lines otherwise.
        const progress = progressReporter({
          isTerminal: Deno.stderr.isTerminal(),
          write: (text) => Deno.stderr.writeSync(new TextEncoder().encode(text)),
        });
        try {
          outcome = await importCommand(
            {
              sql,
              store,
              // The job's own info lines would interleave with the result on stdout.
              logger: log.child({}, { level: log.isLevelEnabled("info") ? "warn" : log.level }),
              onProgress: progress.onProgress,
              onWaiting: () => printError("waiting: this account's other import is running"),
            },
            positionals[0],
            values as { owner?: string },
          );
        } finally {
          progress.end();
        }
      }
      outcome.lines.forEach(outcome.code === 0 ? print : printError);
      code = outcome.code;
    } finally {
      await sql.end();
    }
  });
  return code;
}

/** `kopek quarantine list|retry|skip …` (see `quarantine_command.ts`). */
async function quarantine(args: string[]): Promise<number> {
  // A bad command line fails before the database is touched.
  const request = parseQuarantineArgs(args);
  let code = 0;
  await maintenance(async (url, log) => {
    const sql = connect(url, { max: 2, statementTimeoutMs: 0 });
    try {
      await migrateEventStore(sql);
      await projectorMigrate(sql);
      const outcome = await runQuarantine(request, {
        sql,
        store: createPostgresEventStore(sql),
        logger: log,
      });
      outcome.lines.forEach(outcome.code === 0 ? print : printError);
      code = outcome.code;
    } finally {
      await sql.end();
    }
  });
  return code;
}

async function main(args: string[]): Promise<number> {
  if (args[0] === "verify" || args[0] === "export" || args[0] === "import") {
    return await audit(args[0], args.slice(1));
  }
  if (args[0] === "backup" || args[0] === "restore") {
    const outcome = await (args[0] === "backup" ? backupCommand : restoreCommand)(args.slice(1));
    outcome.lines.forEach(outcome.code === 0 ? print : printError);
    return outcome.code;
  }
  if (args[0] === "vapid-keys") {
    const outcome = vapidKeysCommand(args.slice(1));
    outcome.lines.forEach(outcome.code === 0 ? print : printError);
    return outcome.code;
  }
  if (args[0] === "parse") {
    const outcome = runParse(args.slice(1));
    if (outcome.stdout !== undefined) print(outcome.stdout);
    if (outcome.stderr !== undefined) printError(outcome.stderr);
    return outcome.code;
  }
  const [command, ...rest] = args;
  if (command !== "rebuild" && command !== "replay" && command !== "quarantine") {
    parseArgs({ args, allowPositionals: true, strict: true });
  }
  switch (command) {
    case "start":
      await start();
      return -1;
    case "migrate":
      return await migrateCommand();
    case "rebuild":
      return await rebuild(rest);
    case "replay":
      return await replay(rest);
    case "quarantine":
      return await quarantine(rest);
    case "rates": {
      const [sub, file] = rest;
      if (sub !== "import" || !file) {
        print("usage: kopek rates import FILE   (an ECB eurofxref daily or history XML file)");
        return 2;
      }
      await maintenance(async (url) => {
        const sql = connect(url, { max: 2, statementTimeoutMs: 0 });
        try {
          await prepareSchema(sql, [ratesSchema]);
          const result = await importRatesFile(sql, file);
          print(
            `imported ${result.publications} publications (${result.earliest ?? "-"} to ${
              result.latest ?? "-"
            }): ${result.inserted} rates new, ${result.updated} corrected`,
          );
        } finally {
          await sql.end();
        }
      });
      return 0;
    }
    case undefined:
    case "help":
    case "--help":
      print(USAGE);
      return 0;
    default:
      print(`unknown command ${command}\n\n${USAGE}`);
      return 2;
  }
}

if (import.meta.main) {
  try {
    const code = await main(Deno.args);
    if (code >= 0) Deno.exit(code);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      print((e as Error).message);
      Deno.exit(2);
    }
    if (e instanceof ConfigError || e instanceof RateSourceError) {
      print(e.message);
      Deno.exit(e instanceof ConfigError ? 78 : 1);
    }
    if (e instanceof SchemaNotReadyError) {
      printError(e.message);
      Deno.exit(78);
    }
    if (e instanceof Deno.errors.NotFound) {
      print(`no such file: ${(e as Error).message}`);
      Deno.exit(1);
    }
    throw e;
  }
}
