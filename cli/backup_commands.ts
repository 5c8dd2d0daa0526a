/**
 * `kopek backup [--dir DIR] [--keep N]` and `kopek restore --from BACKUP
 * [--to INSTANT]` of the all-in-one's embedded PostgreSQL (ADR 0032): the
 * command lines, the configuration they read and what they print.
 * `base_backup.ts` and `restore.ts` do the work.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Instant } from "@kopek/domain";
import { connect, createLogger, loadConfig, type Logger } from "@kopek/platform";
import { createPostgresEventStore } from "@kopek/eventstore";
import { MaintenanceConfig } from "./config.ts";
import { openDatabase } from "./database.ts";
import { BackupError, listBackups, takeBaseBackup } from "./base_backup.ts";
import { restoreBaseBackup, RestoreError } from "./restore.ts";
import { baseBackupsDir, walArchiveDir } from "./wal_archive.ts";
import { type Outcome, UsageError, verifyCommand } from "./audit_commands.ts";

/** The usage lines of both commands. */
export const BACKUP_USAGE = "usage: kopek backup [--dir DIR] [--keep N]\n" +
  "       kopek restore --from <backup folder|name|latest> [--to <RFC 3339 instant>]";

const DEFAULT_KEEP = 7;

function external(config: MaintenanceConfig, what: string): Outcome | null {
  if (!config.KOPEK_DATABASE_URL) return null;
  return {
    code: 1,
    lines: [
      `kopek ${what} works on the all-in-one's embedded PostgreSQL only; KOPEK_DATABASE_URL ` +
      "names another server: back it up with pg_basebackup and its WAL archive " +
      "(docs/operations.md, Backups and restore)",
    ],
  };
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

/** `kopek backup`. */
export async function backupCommand(args: string[]): Promise<Outcome> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { dir: { type: "string" }, keep: { type: "string" } },
  });
  const keep = values.keep === undefined ? DEFAULT_KEEP : Number(values.keep);
  if (!Number.isInteger(keep) || keep < 1) {
    throw new UsageError(`--keep must be a whole number of backups, at least 1\n${BACKUP_USAGE}`);
  }
  const config = loadConfig(MaintenanceConfig);
  const refused = external(config, "backup");
  if (refused) return refused;
  const log = createLogger({ level: config.KOPEK_LOG_LEVEL });
  const dataDir = resolve(config.KOPEK_DATA_DIR);
  const defaultDir = baseBackupsDir(dataDir);
  const dir = values.dir ? resolve(values.dir) : defaultDir;
  // Starts the server when Kopek is stopped (then stops it again), else uses the running one.
  const db = await openDatabase(config, log);
  const sql = connect(db.url, { max: 1, statementTimeoutMs: 0 });
  try {
    const result = await takeBaseBackup({
      sql,
      pgdata: db.server!.pgdata,
      dir,
      // The archive serves the backups of the data folder: only their retention prunes it.
      walArchive: dir === defaultDir ? walArchiveDir(dataDir) : null,
      keep,
    });
    return {
      code: 0,
      lines: [
        `base backup ${result.path}: ${result.manifest.files} files, ` +
        `${mb(result.manifest.bytes)} MB in ${result.ms} ms; restores to any instant from ` +
        `${result.manifest.finishedAt} on, with the WAL archive ${walArchiveDir(dataDir)}`,
        ...(result.removed.length > 0 || result.walRemoved > 0
          ? [
            `retention (--keep ${keep}): removed ${result.removed.length} older backups and ` +
            `${result.walRemoved} archived WAL files`,
          ]
          : []),
      ],
    };
  } catch (e) {
    if (e instanceof BackupError) return { code: 1, lines: [e.message] };
    if (e instanceof Deno.errors.NotCapable) {
      return {
        code: 1,
        lines: [
          `cannot write to ${dir}: the kopek task writes only under KOPEK_DATA_DIR; back up ` +
          "there and copy the folder, or run cli/main.ts with --allow-write for that folder",
        ],
      };
    }
    throw e;
  } finally {
    await sql.end();
    await db.close();
  }
}

async function resolveBackup(dataDir: string, from: string): Promise<string> {
  const dir = baseBackupsDir(dataDir);
  if (from === "latest") {
    const all = await listBackups(dir);
    if (all.length === 0) throw new RestoreError(`no backups in ${dir}: kopek backup first`);
    return join(dir, all[all.length - 1]);
  }
  if (!from.includes("/")) {
    const named = join(dir, from);
    try {
      await Deno.stat(named);
      return named;
    } catch {
      // not a name of the default folder: a path
    }
  }
  return resolve(from);
}

/** `kopek restore`. */
export async function restoreCommand(args: string[]): Promise<Outcome> {
  const { values } = parseArgs({
    args,
    strict: true,
    options: { from: { type: "string" }, to: { type: "string" } },
  });
  if (values.from === undefined) throw new UsageError(`--from is required\n${BACKUP_USAGE}`);
  if (values.to !== undefined && !Instant.safeParse(values.to).success) {
    throw new UsageError(
      `--to must be an RFC 3339 date-time with an offset, e.g. 2026-03-31T23:59:59Z\n${BACKUP_USAGE}`,
    );
  }
  const config = loadConfig(MaintenanceConfig);
  const refused = external(config, "restore");
  if (refused) return refused;
  const log: Logger = createLogger({ level: config.KOPEK_LOG_LEVEL });
  const dataDir = resolve(config.KOPEK_DATA_DIR);
  try {
    const from = await resolveBackup(dataDir, values.from);
    const restored = await restoreBaseBackup({
      dataDir,
      from,
      to: values.to === undefined ? undefined : new Date(values.to),
      logger: log,
    });
    const sql = connect(restored.server.url, { max: 2, statementTimeoutMs: 0 });
    try {
      // A data folder Kopek never started on has no event store yet.
      const [{ ready }] = await sql`SELECT to_regclass('events') IS NOT NULL AS ready`;
      const [events] = ready
        ? await sql`SELECT count(*)::int AS n, max(recorded_at) AS last FROM events`
        : [{ n: 0, last: null }];
      const verified = await verifyCommand(createPostgresEventStore(sql), {});
      const tookS = (restored.ms / 1000).toFixed(1);
      return {
        code: verified.code,
        lines: [
          `restored ${from} ${
            values.to ? `to ${new Date(values.to).toISOString()}` : "to the end of the archive"
          } in ${tookS} s: ${events.n} events, the last recorded at ${
            events.last ? new Date(events.last).toISOString() : "-"
          }`,
          `verify: ${verified.lines.join("\n")}`,
          ...(restored.movedAside
            ? [`the replaced data folder is kept at ${restored.movedAside} (delete it when done)`]
            : []),
        ],
      };
    } finally {
      await sql.end();
      await restored.server.stop();
    }
  } catch (e) {
    if (e instanceof RestoreError) return { code: 1, lines: [e.message] };
    throw e;
  }
}
