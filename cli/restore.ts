/**
 * `kopek restore`: the embedded PostgreSQL brought back from a base backup
 * (`kopek backup`) and the WAL archive, to the end of the archive or to an
 * instant (ADR 0032), with Kopek stopped. Following PostgreSQL's "Recovering
 * Using a Continuous Archive Backup": the current data folder is moved aside
 * (never deleted), the backup laid down in its place, the WAL segments the
 * old folder had not archived yet copied into `pg_wal`, then `recovery.signal`
 * and the recovery settings written and the server started; once recovery
 * has ended (the server promoted onto a new timeline), the recovery settings
 * are reset.
 *
 * @module
 */
import { join, resolve } from "node:path";
import type { Logger } from "@kopek/platform";
import {
  type EmbeddedPostgres,
  embeddedServerPort,
  exists,
  startEmbeddedPostgres,
} from "./embedded_postgres.ts";
import { readManifest } from "./base_backup.ts";
import { restoreCommand, walArchiveDir } from "./wal_archive.ts";

/** A restore that cannot run as things are (exit 1 with the message). */
export class RestoreError extends Error {
  override name = "RestoreError";
}

/** What the restore did, with the server left running for the checks. */
export interface Restored {
  readonly server: EmbeddedPostgres;
  /** Where the replaced data folder was moved, or null when there was none. */
  readonly movedAside: string | null;
  /** Milliseconds from the start of the restore to the end of recovery. */
  readonly ms: number;
}

const SEGMENT = /^[0-9A-F]{24}$/;

function conf(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true, mode: 0o700 });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyTree(join(from, e.name), join(to, e.name));
    else await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/**
 * Whether two data folders belong to one database system: the same system
 * identifier, the first 8 bytes of `global/pg_control` (a folder initialised
 * afresh has WAL that must never be replayed onto the backup).
 */
async function sameSystem(a: string, b: string): Promise<boolean> {
  const id = async (dir: string) => {
    try {
      return (await Deno.readFile(join(dir, "global", "pg_control"))).slice(0, 8).join(",");
    } catch {
      return null;
    }
  };
  const [x, y] = [await id(a), await id(b)];
  return x !== null && x === y;
}

/** A UTC instant as PostgreSQL reads it in `recovery_target_time`. */
function pgInstant(at: Date): string {
  return at.toISOString().replace("T", " ").replace("Z", "+00");
}

/**
 * Restores the embedded server of `dataDir` from the backup folder `from`, to
 * `to` or to the end of the archive, and answers with the server running.
 */
export async function restoreBaseBackup(options: {
  dataDir: string;
  from: string;
  to?: Date;
  logger: Logger;
}): Promise<Restored> {
  const began = performance.now();
  const dataDir = resolve(options.dataDir);
  const pgdata = join(dataDir, "pg");
  const port = await embeddedServerPort(dataDir);
  if (port !== null) {
    throw new RestoreError(
      `the embedded PostgreSQL is running (port ${port}): stop Kopek first; if Kopek is stopped ` +
        `and the server was left running, stop it with pg_ctl stop -D ${pgdata}`,
    );
  }
  const data = join(options.from, "data");
  if (!(await exists(join(data, "backup_label"))) || !(await exists(join(data, "PG_VERSION")))) {
    throw new RestoreError(`${options.from} is not a complete kopek backup (no data/backup_label)`);
  }
  const manifest = await readManifest(options.from);
  if (options.to && options.to.getTime() < Date.parse(manifest.finishedAt)) {
    throw new RestoreError(
      `--to ${options.to.toISOString()} is before the backup finished (${manifest.finishedAt}): ` +
        "restore from an older backup",
    );
  }

  let movedAside: string | null = null;
  if (await exists(pgdata)) {
    movedAside = join(
      dataDir,
      `pg.before-restore-${new Date().toISOString().replaceAll(":", "-")}`,
    );
    await Deno.rename(pgdata, movedAside);
  }
  await copyTree(data, pgdata);
  await Deno.chmod(pgdata, 0o700);
  if (movedAside !== null && await sameSystem(movedAside, pgdata)) {
    // The old folder's WAL not archived yet: its last writes (the archive has completed segments).
    const oldWal = join(movedAside, "pg_wal");
    if (await exists(oldWal)) {
      for await (const e of Deno.readDir(oldWal)) {
        if (e.isFile && SEGMENT.test(e.name)) {
          await Deno.copyFile(join(oldWal, e.name), join(pgdata, "pg_wal", e.name));
        }
      }
    }
  }
  const settings = [
    `restore_command = ${conf(restoreCommand(walArchiveDir(dataDir)))}`,
    ...(options.to ? [`recovery_target_time = ${conf(pgInstant(options.to))}`] : []),
    "recovery_target_action = 'promote'",
  ];
  await Deno.writeTextFile(
    join(pgdata, "postgresql.auto.conf"),
    `# kopek restore\n${settings.join("\n")}\n`,
    { append: true },
  );
  await Deno.writeTextFile(join(pgdata, "recovery.signal"), "");
  if (Deno.uid() === 0) {
    const out = await new Deno.Command("chown", {
      args: ["-R", "postgres:postgres", pgdata],
      stdout: "null",
    }).output();
    if (!out.success) throw new RestoreError(`chown -R postgres:postgres ${pgdata} failed`);
  }
  options.logger.info({ from: options.from, to: options.to, movedAside }, "recovering");

  let server: EmbeddedPostgres;
  try {
    server = await startEmbeddedPostgres({ dataDir, logger: options.logger });
  } catch (e) {
    throw new RestoreError(
      `recovery failed: ${(e as Error).message.slice(-800)}\nsee ${join(pgdata, "server.log")}` +
        (movedAside ? `; the replaced data folder is intact at ${movedAside}` : ""),
    );
  }
  try {
    const { default: postgres } = await import("postgres");
    const admin = postgres(server.url.replace(/\/kopek$/, "/postgres"), {
      max: 1,
      onnotice: () => {},
    });
    try {
      while ((await admin`SELECT pg_is_in_recovery() AS r`)[0].r) {
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const name of ["restore_command", "recovery_target_time", "recovery_target_action"]) {
        await admin.unsafe(`ALTER SYSTEM RESET ${name}`);
      }
      await admin`SELECT pg_reload_conf()`;
    } finally {
      await admin.end();
    }
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { server, movedAside, ms: Math.round(performance.now() - began) };
}
