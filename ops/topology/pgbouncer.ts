/**
 * A PgBouncer of the topology test's own: Debian's /usr/sbin/pgbouncer in
 * transaction pooling mode on a free port of 127.0.0.1, in front of a test's
 * own PostgreSQL, with its ini, log and pid file in a temporary folder, run
 * as the `postgres` OS user when the test runs as root (PgBouncer refuses to
 * run as root), as .ci/run does with ops/pgbouncer/pgbouncer.ci.ini.
 *
 * @module
 */
import { chownToPostgres, isRoot } from "../../platform/testing/own_cluster.ts";
import { freePort } from "../../platform/testing/free_port.ts";
import { waitForPort } from "../../platform/testing/wait_for_port.ts";

/** Where Debian installs PgBouncer. */
export const PGBOUNCER_BIN = "/usr/sbin/pgbouncer";

/** A running PgBouncer. */
export interface OwnPgBouncer extends AsyncDisposable {
  readonly port: number;
  /** The URL of a database through it, as Kopek connects in transaction mode. */
  url(database: string): string;
  /** Its log so far. */
  log(): Promise<string>;
  close(): Promise<void>;
}

/** Whether PgBouncer is installed. */
export async function pgBouncerPresent(): Promise<boolean> {
  return await Deno.stat(PGBOUNCER_BIN).then(() => true, () => false);
}

/**
 * Starts PgBouncer before the server on 127.0.0.1:`serverPort`, with at most
 * `poolSize` server connections per database and user.
 */
export async function startPgBouncer(
  options: { serverPort: number; poolSize: number },
): Promise<OwnPgBouncer> {
  const dir = await Deno.makeTempDir({ prefix: "kopek-topology-pgbouncer-" });
  const port = freePort();
  const ini = [
    "[databases]",
    // The time limits Kopek's pools ask for (platform/db.ts), as in pgbouncer.ci.ini.
    `* = host=127.0.0.1 port=${options.serverPort} connect_query='SET statement_timeout = 30000; SET idle_in_transaction_session_timeout = 60000'`,
    "[pgbouncer]",
    "listen_addr = 127.0.0.1",
    `listen_port = ${port}`,
    "unix_socket_dir =",
    "auth_type = trust",
    `auth_file = ${dir}/userlist.txt`,
    "pool_mode = transaction",
    "max_client_conn = 1000",
    `default_pool_size = ${options.poolSize}`,
    `max_db_connections = ${options.poolSize}`,
    "server_reset_query =",
    "ignore_startup_parameters = extra_float_digits,options,application_name,statement_timeout,idle_in_transaction_session_timeout",
    `logfile = ${dir}/pgbouncer.log`,
    `pidfile = ${dir}/pgbouncer.pid`,
  ].join("\n") + "\n";
  await Deno.writeTextFile(`${dir}/pgbouncer.ini`, ini);
  await Deno.writeTextFile(`${dir}/userlist.txt`, '"postgres" ""\n');
  await chownToPostgres(dir, true);
  const [cmd, args] = isRoot()
    ? ["runuser", ["-u", "postgres", "--", PGBOUNCER_BIN, `${dir}/pgbouncer.ini`]]
    : [PGBOUNCER_BIN, [`${dir}/pgbouncer.ini`]];
  const child = new Deno.Command(cmd, { args, stdout: "null", stderr: "piped" }).spawn();
  const log = () => Deno.readTextFile(`${dir}/pgbouncer.log`).catch(() => "");
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      try {
        const pid = Number((await Deno.readTextFile(`${dir}/pgbouncer.pid`)).trim());
        if (pid > 0) Deno.kill(pid, "SIGTERM");
      } catch {
        try {
          child.kill("SIGTERM");
        } catch {
          // already gone
        }
      }
      await child.status;
      await child.stderr.cancel().catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    })();
  if (!await waitForPort(port, 10_000)) {
    const text = await log();
    await close();
    throw new Error(`PgBouncer did not listen on ${port} within 10 s:\n${text}`);
  }
  return {
    port,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}?prepare=false`,
    log,
    close,
    [Symbol.asyncDispose]: close,
  };
}
