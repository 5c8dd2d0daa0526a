/**
 * A real PostgreSQL streaming replica of the machine's server (or of a
 * test's own cluster: `primaryPort`), for tests of the reporting connection
 * and the topology test: `pg_basebackup -R` (with a replication slot when
 * `slot` names one) of the server at 127.0.0.1:5432 into a temporary folder, started as a hot standby on a free
 * port of 127.0.0.1, run as the `postgres` OS user (through `runuser` when
 * the test runs as root), stopped and removed on dispose.
 *
 * Physical replication needs a `replication` line in the primary's
 * `pg_hba.conf` (`all` does not cover replication connections). When there
 * is none and the test runs as root on the server's machine, the helper adds
 * `host replication postgres 127.0.0.1/32 trust` (no wider than the usual
 * `host all all 127.0.0.1/32 trust` of such machines), reloads, and restores
 * the file on dispose; otherwise it throws an error that says what to add.
 *
 * @module
 */
import { connect, type Sql } from "../db.ts";
import { freePort } from "./free_port.ts";
import {
  chownToPostgres,
  isRoot,
  pgBinariesPresent,
  pgCtlStart,
  pgCtlStop,
  runPgBinary,
  writeThrowawayConfig,
} from "./own_cluster.ts";

export { PG_BIN_DIR } from "./own_cluster.ts";

const PRIMARY = { host: "127.0.0.1", port: 5432, user: "postgres" } as const;
const HBA_LINE = "host replication postgres 127.0.0.1/32 trust";
const HBA_MARK = "# added by kopek's streaming replica test (removed when it ends)";

/** A running hot standby of the machine's server. */
export interface StreamingReplica extends AsyncDisposable {
  readonly port: number;
  /** The replica's URL of a database (by name) of the primary. */
  url(database: string): string;
  /** A superuser pool on the replica's `postgres` database. */
  readonly admin: Sql;
  /** Stops applying WAL (`pg_wal_replay_pause()`): the replica lags from now on. */
  pause(): Promise<void>;
  /** Applies WAL again (`pg_wal_replay_resume()`). */
  resume(): Promise<void>;
  /** Stops the server (`pg_ctl stop -m mode`); {@linkcode start} starts it again. */
  stop(mode: "smart" | "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port and folder (it resumes streaming). */
  start(): Promise<void>;
  /** Stops the server and removes its folder (and undoes any pg_hba.conf change). */
  close(): Promise<void>;
}

/** Whether the PostgreSQL 15 binaries the replica needs are installed. */
export function replicaBinariesPresent(): Promise<boolean> {
  return pgBinariesPresent(["pg_basebackup", "pg_ctl", "postgres"]);
}

/**
 * Makes sure the primary accepts a physical replication connection from
 * 127.0.0.1; answers the undo step when it had to add a pg_hba.conf line.
 */
async function allowReplication(primary: Sql): Promise<(() => Promise<void>) | null> {
  const [rule] = await primary<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pg_hba_file_rules
    WHERE 'replication' = ANY(database) AND type IN ('host', 'hostnossl') AND error IS NULL`;
  if (rule.n > 0) return null;
  const [{ hbaFile }] = await primary<{ hbaFile: string }[]>`
    SELECT current_setting('hba_file') AS "hbaFile"`;
  const explain = `the PostgreSQL server at 127.0.0.1:5432 refuses replication connections: ` +
    `${hbaFile} has no "replication" line ("all" does not cover physical replication). ` +
    `Add "${HBA_LINE}" to it and reload (SELECT pg_reload_conf()), or run the test as root on ` +
    `the server's machine, which adds it for the test's duration`;
  let original: string;
  try {
    if (!isRoot()) throw new Error("not root");
    original = await Deno.readTextFile(hbaFile);
    await Deno.writeTextFile(hbaFile, `${original.replace(/\n?$/, "\n")}${HBA_LINE} ${HBA_MARK}\n`);
  } catch (e) {
    throw new Error(`${explain} (${e instanceof Error ? e.message : e})`);
  }
  await primary`SELECT pg_reload_conf()`;
  return async () => {
    await Deno.writeTextFile(hbaFile, original);
    await primary`SELECT pg_reload_conf()`;
  };
}

async function retry<T>(what: () => Promise<T>, attempts: number, delayMs: number): Promise<T> {
  for (let i = 1;; i++) {
    try {
      return await what();
    } catch (e) {
      if (i >= attempts) throw e;
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/**
 * Clones the machine's server (or the server on 127.0.0.1:`primaryPort`)
 * into a hot standby and starts it; with `slot`, `pg_basebackup` creates
 * that physical replication slot and the standby streams from it. Cleans up
 * after itself if any step fails; dispose it to stop it (the slot stays on
 * the primary).
 */
export async function startStreamingReplica(
  options: { primaryPort?: number; slot?: string } = {},
): Promise<StreamingReplica> {
  const primaryPort = options.primaryPort ?? PRIMARY.port;
  const primary = connect(
    `postgres://${PRIMARY.user}@${PRIMARY.host}:${primaryPort}/postgres`,
    { max: 1 },
  );
  const dir = await Deno.makeTempDir({ prefix: "kopek-replica-" });
  const data = `${dir}/data`;
  const port = freePort();
  const logFile = `${dir}/server.log`;
  let undoHba: (() => Promise<void>) | null = null;
  let started = false;
  let admin: Sql | null = null;

  const cleanup = async () => {
    await admin?.end({ timeout: 2 }).catch(() => {});
    if (started) await pgCtlStop(data, "immediate").catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    if (undoHba) await undoHba().catch(() => {});
    await primary.end({ timeout: 2 }).catch(() => {});
  };

  try {
    undoHba = await allowReplication(primary);
    await chownToPostgres(dir);
    // The standby must allow at least as many of these as the primary.
    const settings = await primary<{ name: string; setting: string }[]>`
      SELECT name, setting FROM pg_settings WHERE name IN ('max_connections',
        'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
        'max_locks_per_transaction')`;
    // The pg_hba.conf change takes effect once the postmaster has reloaded: retry briefly.
    await retry(
      () =>
        runPgBinary("pg_basebackup", [
          "-h",
          PRIMARY.host,
          "-p",
          String(primaryPort),
          "-U",
          PRIMARY.user,
          "-D",
          data,
          "-R",
          "-X",
          "stream",
          "-c",
          "fast",
          ...(options.slot ? ["-C", "-S", options.slot] : []),
        ]),
      10,
      300,
    );
    // Debian keeps the configuration outside the data folder: the clone gets its own.
    await writeThrowawayConfig(data, {
      port,
      socketDir: dir,
      settings: [
        `hot_standby = on`,
        `autovacuum = off`,
        ...settings.map((s) => `${s.name} = ${s.setting}`),
      ],
    });
    started = true;
    await pgCtlStart(data, logFile);
    admin = connect(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1 });
    const [{ standby }] = await admin<{ standby: boolean }[]>`
      SELECT pg_is_in_recovery() AS standby`;
    if (!standby) throw new Error("the clone is not a standby (no standby.signal?)");
  } catch (e) {
    const log = await Deno.readTextFile(`${dir}/server.log`).catch(() => "");
    await cleanup();
    if (log && e instanceof Error) e.message += `\nreplica server log:\n${log}`;
    throw e;
  }

  const pool = admin!;
  let closing: Promise<void> | undefined;
  const close = () => closing ??= cleanup();
  return {
    port,
    admin: pool,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    async pause() {
      await pool`SELECT pg_wal_replay_pause()`;
    },
    async resume() {
      await pool`SELECT pg_wal_replay_resume()`;
    },
    stop: (mode) => pgCtlStop(data, mode),
    start: () => pgCtlStart(data, logFile),
    close,
    [Symbol.asyncDispose]: close,
  };
}
