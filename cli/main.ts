/**
 * `kopek`: the command line. `start` runs the all-in-one process; `migrate`
 * applies the SQL migrations; `rebuild <name>` rebuilds one read model from
 * zero; `parse` runs the bot's message parser on one message; `verify`,
 * `export` and `import` are the auditor's (see `audit_commands.ts`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createPostgresEventStore, migrate as migrateEventStore } from "@kopek/eventstore";
import { createProjector, PROJECTION_NAMES, projectorMigrate } from "@kopek/projector";
import { ConfigError, connect, createLogger, loadConfig } from "@kopek/platform";
import { importRatesFile, ratesMigrate, RateSourceError } from "@kopek/rates";
import { MaintenanceConfig } from "./config.ts";
import { runParse } from "./parse_command.ts";
import { exportCommand, importCommand, UsageError, verifyCommand } from "./audit_commands.ts";
import { openDatabase } from "./database.ts";
import { startAllInOne } from "./start.ts";

const USAGE = `kopek: a self-hostable expense ledger

Usage:
  kopek start                 run Kopek all-in-one (API, projector, embedded PostgreSQL)
  kopek migrate               apply the database migrations
  kopek rates import FILE     load an ECB reference-rate XML file (offline installs)
  kopek rebuild <read-model>  rebuild one read model from zero (${PROJECTION_NAMES.join(", ")})
  kopek verify [--group G]    recompute the hash chains (every stream, or one group's);
                              exits 1 naming the first bad position
  kopek export --group G | --all
                              write the SQL dump of one group or every group to stdout
  kopek import FILE --owner EMAIL
                              restore a SQL dump as new groups owned by that account
  kopek parse --today YYYY-MM-DD --currency CODE --me NAME --members "A,B" TEXT
                              parse a bot message, print it as one JSON line
  kopek help                  show this

Configuration comes from KOPEK_* environment variables (see README.md).`;

function print(line: string) {
  Deno.stdout.writeSync(new TextEncoder().encode(line + "\n"));
}

async function start() {
  const running = await startAllInOne();
  print(`Kopek is running at ${running.url}`);
  let signalled = false;
  const onSignal = () => {
    if (signalled) return;
    signalled = true;
    print("Stopping Kopek…");
    running.stop().then(() => Deno.exit(0), () => Deno.exit(1));
  };
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
}

async function maintenance(
  task: (url: string, log: ReturnType<typeof createLogger>) => Promise<void>,
) {
  const config = loadConfig(MaintenanceConfig);
  const log = createLogger({ level: config.KOPEK_LOG_LEVEL });
  const db = await openDatabase(config, log);
  try {
    await task(db.url, log);
  } finally {
    await db.close();
  }
}

function printError(line: string) {
  Deno.stderr.writeSync(new TextEncoder().encode(line + "\n"));
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
  // Read the file before touching the database: a wrong path fails fast.
  const text = command === "import" ? await Deno.readTextFile(positionals[0]) : "";
  let code = 0;
  await maintenance(async (url) => {
    const sql = connect(url, { max: 2 });
    try {
      await migrateEventStore(sql);
      const store = createPostgresEventStore(sql);
      if (command === "export") {
        await (await exportCommand(store, values)).pipeTo(Deno.stdout.writable, {
          preventClose: true,
        });
        return;
      }
      const outcome = command === "verify"
        ? await verifyCommand(store, values as { group?: string })
        : await importCommand(store, text, values as { owner?: string });
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
  if (args[0] === "parse") {
    const outcome = runParse(args.slice(1));
    if (outcome.stdout !== undefined) print(outcome.stdout);
    if (outcome.stderr !== undefined) printError(outcome.stderr);
    return outcome.code;
  }
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [command, ...rest] = positionals;
  switch (command) {
    case "start":
      await start();
      return -1;
    case "migrate":
      await maintenance(async (url) => {
        const sql = connect(url, { max: 2 });
        try {
          await migrateEventStore(sql);
          await projectorMigrate(sql);
          await ratesMigrate(sql);
        } finally {
          await sql.end();
        }
        print("migrations applied");
      });
      return 0;
    case "rebuild": {
      const name = rest[0];
      if (!name || !(PROJECTION_NAMES as readonly string[]).includes(name)) {
        print(`name a read model to rebuild: ${PROJECTION_NAMES.join(", ")}`);
        return 2;
      }
      await maintenance(async (url, log) => {
        const sql = connect(url, { max: 4 });
        try {
          await migrateEventStore(sql);
          await projectorMigrate(sql);
          const store = createPostgresEventStore(sql);
          const projector = createProjector({ sql, store, logger: log });
          await projector.rebuild(name);
          let applied = 0;
          for (let n = await projector.runOnce(); n > 0; n = await projector.runOnce()) {
            applied += n;
          }
          print(`rebuilt ${name}: ${applied} events applied`);
        } finally {
          await sql.end();
        }
      });
      return 0;
    }
    case "rates": {
      const [sub, file] = rest;
      if (sub !== "import" || !file) {
        print("usage: kopek rates import FILE   (an ECB eurofxref daily or history XML file)");
        return 2;
      }
      await maintenance(async (url) => {
        const sql = connect(url, { max: 2 });
        try {
          await ratesMigrate(sql);
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
    if (e instanceof Deno.errors.NotFound) {
      print(`no such file: ${(e as Error).message}`);
      Deno.exit(1);
    }
    throw e;
  }
}
