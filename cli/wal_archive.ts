/**
 * The WAL archive of the embedded PostgreSQL: every completed WAL segment is
 * copied into `<data dir>/backups/wal/` by the server's `archive_command`, so
 * that a base backup (`kopek backup`) plus the archive restores the database
 * to any instant since that backup (`kopek restore`, ADR 0032).
 *
 * Pure: the settings and the shell commands; `embedded_postgres.ts` applies
 * them with `ALTER SYSTEM`.
 *
 * @module
 */
import { join } from "node:path";

/** The archive folder of a data folder. */
export function walArchiveDir(dataDir: string): string {
  return join(dataDir, "backups", "wal");
}

/** The base backups' folder of a data folder. */
export function baseBackupsDir(dataDir: string): string {
  return join(dataDir, "backups", "base");
}

/** `s` quoted for `/bin/sh`, with `%` doubled for PostgreSQL's `%f`/`%p` expansion. */
function shellWord(s: string): string {
  return `'${s.replaceAll("'", `'\\''`).replaceAll("%", "%%")}'`;
}

/**
 * The `archive_command`: copies `%p` to `<dir>/%f` through a temporary name,
 * fsynced before the rename, so a crash never leaves a truncated segment under
 * its real name. A segment already archived succeeds only when identical (a
 * retry after a crash between the copy and PostgreSQL noting it), else fails,
 * so a different file is never overwritten.
 */
export function archiveCommand(dir: string): string {
  const dst = `${shellWord(dir)}/%f`;
  return `if test -f ${dst}; then cmp -s %p ${dst}; else cp %p ${dst}.tmp && ` +
    `sync ${dst}.tmp && mv ${dst}.tmp ${dst}; fi`;
}

/** The `restore_command` of a restore: a segment from the archive, or failure (not archived). */
export function restoreCommand(dir: string): string {
  return `cp ${shellWord(dir)}/%f %p`;
}

/**
 * The server settings of archiving. `archive_timeout` bounds what a lost disk
 * loses to 5 minutes of writes: a segment with writes is archived at most that
 * long after its first write, full or not.
 */
export function archiveSettings(dir: string): Record<string, string> {
  return {
    archive_mode: "on",
    archive_command: archiveCommand(dir),
    archive_timeout: "300",
  };
}

/** A WAL segment's name (or a `.partial` segment, or a `.backup` history file of the archive). */
const SEGMENT = /^[0-9A-F]{24}(\.partial|\.[0-9A-F]{8}\.backup)?$/;

/**
 * The archived files a base backup starting at segment `oldestNeeded` no
 * longer needs (as `pg_archivecleanup` decides: segments before it, whatever
 * their timeline; timeline history files are always kept).
 */
export function archivedBefore(files: readonly string[], oldestNeeded: string): string[] {
  const cut = oldestNeeded.slice(8, 24);
  return files.filter((f) => SEGMENT.test(f) && f.slice(8, 24) < cut).sort();
}
