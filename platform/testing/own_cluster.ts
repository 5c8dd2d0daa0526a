/**
 * A PostgreSQL server of a test's own, from Debian's PostgreSQL 15 binaries:
 * a temporary folder, a free port of 127.0.0.1, trust authentication, run as
 * the `postgres` OS user (through `runuser` when the test runs as root). A
 * test may stop, kill and restart it without disturbing the machine's shared
 * server. The building blocks (running a binary as `postgres`, writing a
 * throwaway server's configuration, `pg_ctl start`) are shared with the
 * streaming replica.
 *
 * @module
 */

import { freePort } from "./free_port.ts";

/** Where Debian's PostgreSQL 15 binaries are. */
export const PG_BIN_DIR = "/usr/lib/postgresql/15/bin";

/** Whether this process runs as root (PostgreSQL then runs as `postgres`). */
export function isRoot(): boolean {
  return Deno.uid() === 0;
}

/** Whether the PostgreSQL 15 binaries named are installed. */
export async function pgBinariesPresent(bins: readonly string[]): Promise<boolean> {
  for (const bin of bins) {
    try {
      await Deno.stat(`${PG_BIN_DIR}/${bin}`);
    } catch {
      return false;
    }
  }
  return true;
}

/** Runs a PostgreSQL binary as the `postgres` user (via runuser when root); throws on failure. */
export async function runPgBinary(bin: string, args: string[]): Promise<string> {
  const [cmd, all] = isRoot()
    ? ["runuser", ["-u", "postgres", "--", `${PG_BIN_DIR}/${bin}`, ...args]]
    : [`${PG_BIN_DIR}/${bin}`, args];
  const out = await new Deno.Command(cmd, { args: all, stdout: "piped", stderr: "piped" }).output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${bin} ${args.join(" ")} failed:\n${text}`);
  return text;
}

/** Gives `path` (recursively) to the `postgres` user when running as root. */
export async function chownToPostgres(path: string, recursive = false): Promise<void> {
  if (!isRoot()) return;
  const args = recursive ? ["-R", "postgres:postgres", path] : ["postgres:postgres", path];
  const out = await new Deno.Command("chown", { args }).output();
  if (!out.success) throw new Error(`chown postgres ${path} failed`);
}

/**
 * Writes the configuration of a throwaway server into its data folder: it
 * listens on 127.0.0.1:`port` only, with its socket in `socketDir`, trusts
 * every local connection, skips fsync; `settings` adds lines of
 * postgresql.conf (`name = value`).
 */
export async function writeThrowawayConfig(
  data: string,
  options: { port: number; socketDir: string; settings?: readonly string[] },
): Promise<void> {
  const conf = [
    `port = ${options.port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${options.socketDir}'`,
    `fsync = off`,
    `shared_buffers = 32MB`,
    ...(options.settings ?? []),
  ];
  const files: Record<string, string> = {
    "postgresql.conf": conf.join("\n") + "\n",
    "pg_hba.conf":
      "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n",
    "pg_ident.conf": "",
  };
  for (const [name, text] of Object.entries(files)) {
    await Deno.writeTextFile(`${data}/${name}`, text);
  }
  await chownToPostgres(data, true);
}

/** `pg_ctl start`, waiting until the server accepts connections (or 60 s). */
export async function pgCtlStart(data: string, logFile: string): Promise<void> {
  await runPgBinary("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", "start"]);
}

/** `pg_ctl stop -m <mode>`, waiting until the server is down. */
export async function pgCtlStop(data: string, mode: "smart" | "fast" | "immediate"): Promise<void> {
  await runPgBinary("pg_ctl", ["-D", data, "-m", mode, "-w", "-t", "60", "stop"]);
}

/** A running server of the test's own. */
export interface OwnCluster extends AsyncDisposable {
  readonly port: number;
  /** The data folder (the postmaster's pid is in its `postmaster.pid`). */
  readonly data: string;
  /** The URL of a database (by name) on it, as the superuser `postgres`. */
  url(database?: string): string;
  /** The postmaster's process id, or null when it is not running. */
  postmasterPid(): Promise<number | null>;
  /** Stops the server (`pg_ctl stop -m mode`). */
  stop(mode: "smart" | "fast" | "immediate"): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** The server's log so far. */
  log(): Promise<string>;
  /** Stops the server (immediate) and removes its folder. */
  close(): Promise<void>;
}

/** Whether the binaries an own cluster needs are installed. */
export function ownClusterBinariesPresent(): Promise<boolean> {
  return pgBinariesPresent(["initdb", "pg_ctl", "postgres"]);
}

/**
 * Initialises and starts a server of the test's own (`initdb` into a
 * temporary folder). `settings` adds postgresql.conf lines. Cleans up after
 * itself if a step fails; dispose it to stop it and remove its folder.
 */
export async function startOwnCluster(
  options: { settings?: readonly string[] } = {},
): Promise<OwnCluster> {
  const dir = await Deno.makeTempDir({ prefix: "kopek-cluster-" });
  const data = `${dir}/data`;
  const logFile = `${dir}/server.log`;
  const port = freePort();
  const readLog = () => Deno.readTextFile(logFile).catch(() => "");
  const postmasterPid = async () => {
    try {
      const pid = Number((await Deno.readTextFile(`${data}/postmaster.pid`)).split("\n")[0]);
      if (!Number.isInteger(pid) || pid <= 0) return null;
      Deno.kill(pid, "SIGCONT"); // throws when no such process: a signal that changes nothing
      return pid;
    } catch {
      return null;
    }
  };
  const cleanup = async () => {
    if (await postmasterPid() !== null) await pgCtlStop(data, "immediate").catch(() => {});
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    await chownToPostgres(dir);
    await runPgBinary("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "--no-sync"]);
    await writeThrowawayConfig(data, {
      port,
      socketDir: dir,
      settings: ["max_connections = 200", ...(options.settings ?? [])],
    });
    await pgCtlStart(data, logFile);
  } catch (e) {
    const log = await readLog();
    await cleanup();
    if (log && e instanceof Error) e.message += `\nserver log:\n${log}`;
    throw e;
  }
  let closing: Promise<void> | undefined;
  const close = () => closing ??= cleanup();
  return {
    port,
    data,
    url: (database = "postgres") => `postgres://postgres@127.0.0.1:${port}/${database}`,
    postmasterPid,
    stop: (mode) => pgCtlStop(data, mode),
    start: () => pgCtlStart(data, logFile),
    log: readLog,
    close,
    [Symbol.asyncDispose]: close,
  };
}
