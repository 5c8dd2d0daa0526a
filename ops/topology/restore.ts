/**
 * Backups of the topology test's primary and their restore: a base backup
 * (`pg_basebackup`) taken at the start, the WAL archive the primary's
 * `archive_command` fills, and a point-in-time restore of both into a new
 * cluster (archive recovery to the end of the archive, then promotion), as
 * docs/operations.md's runbook does it.
 *
 * @module
 */
import { connect, type Sql } from "../../platform/db.ts";
import { freePort } from "../../platform/testing/free_port.ts";
import {
  chownToPostgres,
  pgCtlStart,
  pgCtlStop,
  runPgBinary,
  writeThrowawayConfig,
} from "../../platform/testing/own_cluster.ts";

/** The postgresql.conf lines that make a primary archive every WAL segment into `archive`. */
export function archiveSettings(archive: string): string[] {
  return [
    "wal_level = replica",
    "archive_mode = on",
    `archive_command = 'test ! -f ${archive}/%f && cp %p ${archive}/%f'`,
    "max_wal_senders = 10",
  ];
}

/** `pg_basebackup` of the server on 127.0.0.1:`port` into `target` (WAL included). */
export async function baseBackup(port: number, target: string): Promise<void> {
  await runPgBinary("pg_basebackup", [
    "-h",
    "127.0.0.1",
    "-p",
    String(port),
    "-U",
    "postgres",
    "-D",
    target,
    "-X",
    "stream",
    "-c",
    "fast",
  ]);
}

/**
 * Switches the primary to a new WAL segment and waits until the one it
 * closed is archived: the archive then holds every commit made before.
 */
export async function archiveCurrentWal(primary: Sql, ms = 60_000): Promise<void> {
  const [{ walfile }] = await primary<{ walfile: string }[]>`
    SELECT pg_walfile_name(pg_switch_wal()) AS walfile`;
  const deadline = performance.now() + ms;
  while (true) {
    const [{ last }] = await primary<{ last: string | null }[]>`
      SELECT last_archived_wal AS last FROM pg_stat_archiver`;
    if (last !== null && last >= walfile) return;
    if (performance.now() > deadline) {
      throw new Error(`WAL ${walfile} not archived within ${ms} ms (last ${last})`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A cluster restored from a base backup and the WAL archive. */
export interface RestoredCluster extends AsyncDisposable {
  /** The URL of a database on it. */
  url(database: string): string;
  /** How long the restore took, from copying the backup to the promoted server (ms). */
  readonly restoreMs: number;
  close(): Promise<void>;
}

/**
 * Restores the base backup in `backup` plus the WAL in `archive` into a new
 * cluster in `dir` (which must not exist): archive recovery to the end of the
 * archive (or `targetTime`, an ISO timestamp), then promotion. Answers once
 * the server accepts writes.
 */
export async function restoreFromArchive(
  options: { backup: string; archive: string; dir: string; targetTime?: string },
): Promise<RestoredCluster> {
  const started = performance.now();
  const data = `${options.dir}/data`;
  const logFile = `${options.dir}/server.log`;
  const port = freePort();
  await Deno.mkdir(options.dir);
  await chownToPostgres(options.dir);
  const copy = await new Deno.Command("cp", { args: ["-a", options.backup, data] }).output();
  if (!copy.success) throw new Error(`cp -a ${options.backup} ${data} failed`);
  await writeThrowawayConfig(data, {
    port,
    socketDir: options.dir,
    settings: [
      "max_connections = 200",
      "archive_mode = off",
      `restore_command = 'cp ${options.archive}/%f %p'`,
      ...(options.targetTime
        ? [`recovery_target_time = '${options.targetTime}'`, "recovery_target_action = promote"]
        : []),
    ],
  });
  await Deno.writeTextFile(`${data}/recovery.signal`, "");
  await chownToPostgres(data, true);
  let running = false;
  const close = async () => {
    if (running) await pgCtlStop(data, "immediate").catch(() => {});
    running = false;
    await Deno.remove(options.dir, { recursive: true }).catch(() => {});
  };
  try {
    running = true;
    await pgCtlStart(data, logFile);
    const sql = connect(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1 });
    try {
      const deadline = performance.now() + 120_000;
      while (true) {
        const [{ recovering }] = await sql<{ recovering: boolean }[]>`
          SELECT pg_is_in_recovery() AS recovering`;
        if (!recovering) break;
        if (performance.now() > deadline) throw new Error("the restore did not promote in 120 s");
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await sql.end({ timeout: 2 });
    }
  } catch (e) {
    const log = await Deno.readTextFile(logFile).catch(() => "");
    await close();
    if (e instanceof Error) e.message += `\nrestored server log:\n${log}`;
    throw e;
  }
  return {
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    restoreMs: performance.now() - started,
    close,
    [Symbol.asyncDispose]: close,
  };
}
