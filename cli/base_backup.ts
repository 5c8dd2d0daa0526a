/**
 * `kopek backup`: a base backup of the running embedded PostgreSQL with the
 * server's non-exclusive low-level API (ADR 0032): `pg_backup_start` on one
 * session held open, a copy of the data folder without what PostgreSQL's
 * docs list as not to be copied, then `pg_backup_stop`, whose label is
 * written into the copy as `backup_label`. It waits until the last WAL
 * segment the backup needs is archived, so the backup plus the archive
 * restores by itself.
 *
 * A backup is a folder `<dir>/<timestamp>/` holding `data/` (the copy) and
 * `backup.json` (when, and the WAL range); it is written as
 * `<timestamp>.partial` and renamed once complete. Retention keeps the
 * newest `keep` backups and drops the archived WAL older than the oldest kept.
 *
 * @module
 */
import { join } from "node:path";
import type { Sql } from "@kopek/platform";
import { archivedBefore } from "./wal_archive.ts";

/** Folders whose contents are not copied (the folder itself is, empty). */
const EMPTIED = new Set([
  "pg_wal",
  "pg_dynshmem",
  "pg_notify",
  "pg_replslot",
  "pg_serial",
  "pg_snapshots",
  "pg_stat_tmp",
  "pg_subtrans",
]);
/** Files of the data folder's root that are not copied (`server.log` is Kopek's server log). */
const SKIPPED = new Set([
  "postmaster.pid",
  "postmaster.opts",
  "backup_label",
  "tablespace_map",
  "recovery.signal",
  "standby.signal",
  "server.log",
]);

/** Whether the file or folder at `rel` (relative to the data folder) is left out of the copy. */
export function leftOut(rel: string): boolean {
  const parts = rel.split("/");
  const name = parts[parts.length - 1];
  if (name.startsWith("pgsql_tmp") || name === "pg_internal.init") return true;
  // The server's Unix socket and its lock (the embedded server puts them in the data folder).
  if (name.startsWith(".s.PGSQL.")) return true;
  if (parts.length === 1) return SKIPPED.has(name);
  return EMPTIED.has(parts[0]);
}

/** What a backup's `backup.json` holds. */
export interface BackupManifest {
  readonly label: string;
  /** When `pg_backup_start` returned: the backup restores to no instant before its end. */
  readonly startedAt: string;
  /** When `pg_backup_stop` returned: restores reach any instant from here on. */
  readonly finishedAt: string;
  /** The first WAL segment the backup needs. */
  readonly startWalFile: string;
  readonly stopLsn: string;
  readonly bytes: number;
  readonly files: number;
}

/** What a backup did. */
export interface BackupResult {
  readonly path: string;
  readonly manifest: BackupManifest;
  readonly ms: number;
  /** Backups removed by retention. */
  readonly removed: readonly string[];
  /** Archived WAL files removed by retention. */
  readonly walRemoved: number;
}

async function copyTree(
  from: string,
  to: string,
  rel: string,
  count: { bytes: number; files: number },
): Promise<void> {
  for await (const entry of Deno.readDir(join(from, rel))) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (leftOut(r)) continue;
    const src = join(from, r);
    const dst = join(to, r);
    if (entry.isDirectory) {
      await Deno.mkdir(dst, { mode: 0o700 });
      if (!(rel === "" && EMPTIED.has(entry.name))) await copyTree(from, to, r, count);
    } else if (entry.isSymlink) {
      throw new Error(`${src} is a symbolic link (a tablespace?): not supported by kopek backup`);
    } else if (entry.isFile) {
      try {
        await Deno.copyFile(src, dst);
      } catch (e) {
        // A file dropped while the backup runs is normal: WAL replay makes it so again.
        if (e instanceof Deno.errors.NotFound) continue;
        throw e;
      }
      await fsync(dst);
      count.bytes += (await Deno.stat(dst)).size;
      count.files++;
    }
  }
  await fsync(join(to, rel));
}

async function fsync(path: string): Promise<void> {
  const f = await Deno.open(path, { read: true });
  try {
    await f.sync();
  } finally {
    f.close();
  }
}

/** A backup folder's name for `at`: sorts in time order. */
export function backupName(at: Date): string {
  return at.toISOString().replaceAll(":", "-");
}

/** The completed backups in `dir`, oldest first. */
export async function listBackups(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (e.isDirectory && !e.name.endsWith(".partial")) names.push(e.name);
    }
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
  return names.sort();
}

/** Reads a backup's `backup.json`. */
export async function readManifest(backup: string): Promise<BackupManifest> {
  return JSON.parse(await Deno.readTextFile(join(backup, "backup.json")));
}

/**
 * Takes a base backup of the server of `pgdata`, which `sql` (a superuser's
 * pool) reaches, into `<dir>/<timestamp>/`, then applies retention.
 */
export async function takeBaseBackup(options: {
  sql: Sql;
  pgdata: string;
  dir: string;
  /** The WAL archive, pruned by retention; null leaves it (backups outside the data folder). */
  walArchive: string | null;
  keep: number;
}): Promise<BackupResult> {
  const { sql, pgdata, dir } = options;
  const [mode] = await sql`SELECT current_setting('archive_mode') AS mode`;
  if (mode.mode === "off") {
    throw new BackupError(
      "WAL archiving is not on yet (it starts with the next start of the embedded PostgreSQL): " +
        "stop Kopek and the server, start Kopek, then back up",
    );
  }
  // pg_backup_stop waits for the archive: with the archiver failing it would wait for ever.
  const [archiver] = await sql`
    SELECT last_failed_wal, last_failed_time > coalesce(last_archived_time, '-infinity') AS failing
    FROM pg_stat_archiver`;
  if (archiver.failing) {
    throw new BackupError(
      `the WAL archive is failing (last failed: ${archiver.last_failed_wal}): see the ` +
        `server.log of the embedded PostgreSQL ("archive command failed") and fix the cause ` +
        "(a full disk, the archive folder gone or not writable by the server's user) first",
    );
  }
  const began = performance.now();
  const name = backupName(new Date());
  const partial = join(dir, `${name}.partial`);
  const data = join(partial, "data");
  await Deno.mkdir(data, { recursive: true, mode: 0o700 });
  const label = `kopek backup ${name}`;
  // The backup lives in this one session: it must stay open from start to stop.
  const session = await sql.reserve();
  let manifest: BackupManifest;
  try {
    const [start] = await session`
      SELECT lsn::text, pg_walfile_name(lsn) AS file, now() AS at
      FROM pg_backup_start(${label}, true) AS lsn`;
    const count = { bytes: 0, files: 0 };
    try {
      await copyTree(pgdata, data, "", count);
    } catch (e) {
      await session`SELECT pg_backup_stop(false)`.catch(() => {});
      await Deno.remove(partial, { recursive: true }).catch(() => {});
      throw e;
    }
    // Waits until every WAL segment the backup needs is archived.
    const [stop] = await session`
      SELECT lsn::text, labelfile, spcmapfile, clock_timestamp() AS at
      FROM pg_backup_stop(true)`;
    await Deno.writeTextFile(join(data, "backup_label"), stop.labelfile, { mode: 0o600 });
    if (stop.spcmapfile) {
      await Deno.writeTextFile(join(data, "tablespace_map"), stop.spcmapfile, { mode: 0o600 });
    }
    await fsync(join(data, "backup_label"));
    manifest = {
      label,
      startedAt: new Date(start.at).toISOString(),
      finishedAt: new Date(stop.at).toISOString(),
      startWalFile: start.file,
      stopLsn: stop.lsn,
      bytes: count.bytes,
      files: count.files,
    };
  } finally {
    session.release();
  }
  await Deno.writeTextFile(join(partial, "backup.json"), JSON.stringify(manifest, null, 2) + "\n");
  await fsync(join(partial, "backup.json"));
  const path = join(dir, name);
  await Deno.rename(partial, path);
  await fsync(dir);
  const ms = Math.round(performance.now() - began);
  const { removed, walRemoved } = await applyRetention(dir, options.walArchive, options.keep);
  return { path, manifest, ms, removed, walRemoved };
}

/** Keeps the newest `keep` backups, and the archived WAL from the oldest kept one's start on. */
export async function applyRetention(
  dir: string,
  walArchive: string | null,
  keep: number,
): Promise<{ removed: string[]; walRemoved: number }> {
  const all = await listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const name of removed) await Deno.remove(join(dir, name), { recursive: true });
  const kept = all.slice(removed.length);
  if (kept.length === 0 || walArchive === null) return { removed, walRemoved: 0 };
  const oldest = await readManifest(join(dir, kept[0]));
  const files: string[] = [];
  for await (const e of Deno.readDir(walArchive)) if (e.isFile) files.push(e.name);
  const old = archivedBefore(files, oldest.startWalFile);
  for (const f of old) await Deno.remove(join(walArchive, f));
  return { removed, walRemoved: old.length };
}

/** A backup that cannot be taken as things are (exit 1 with the message). */
export class BackupError extends Error {
  override name = "BackupError";
}
