/**
 * The primary's WAL archiver, read from `pg_stat_archiver` at each scrape: every
 * backup (the compose `backup` service's base backups, the all-in-one's
 * `kopek backup`, ADR 0032) is restorable to a point in time only with the WAL
 * archived after it, so a stopped or failing archiver is "backups missing"
 * (ops/prometheus/alerts.yml). `pg_stat_archiver` and `current_setting` are
 * readable by any role: the app role through PgBouncer reads the primary's.
 *
 * @module
 */
import { Gauge } from "prom-client";
import type { Sql } from "../db.ts";
import { familiesOf, type Registry } from "./registry.ts";

/** How long a scrape waits for the database (the other families are not held up longer). */
export const WAL_ARCHIVE_TIMEOUT_MS = 2_000;

/** What one read of the archiver says. */
export interface WalArchiveState {
  /** `archive_mode` is `on` or `always`. */
  readonly enabled: boolean;
  /** Unix seconds of the last segment archived (0: none since the statistics were reset). */
  readonly lastSuccess: number;
  /** Unix seconds of the last failed attempt (0: none). */
  readonly lastFailure: number;
}

/** A row of the query below as a state. Pure. */
export function walArchiveState(row: {
  archive_mode: string;
  last_archived_time: Date | null;
  last_failed_time: Date | null;
}): WalArchiveState {
  const seconds = (d: Date | null) => d === null ? 0 : d.getTime() / 1000;
  return {
    enabled: row.archive_mode === "on" || row.archive_mode === "always",
    lastSuccess: seconds(row.last_archived_time),
    lastFailure: seconds(row.last_failed_time),
  };
}

/** Reads the archiver's state from the database `sql` is connected to. */
export async function readWalArchive(sql: Sql): Promise<WalArchiveState> {
  const [row] = await sql<
    { archive_mode: string; last_archived_time: Date | null; last_failed_time: Date | null }[]
  >`
    SELECT current_setting('archive_mode') AS archive_mode, last_archived_time, last_failed_time
    FROM pg_stat_archiver`;
  return walArchiveState(row);
}

/**
 * Registers the archiver's families on `registry`, read from `sql` (the
 * primary) at each scrape, one read shared by the families of a scrape and
 * bounded by {@linkcode WAL_ARCHIVE_TIMEOUT_MS}; nothing without a registry.
 * When the read fails, `kopek_db_wal_archive_state_up` is 0 and the others keep
 * their last values.
 */
export function registerWalArchive(registry: Registry | undefined, sql: Sql): void {
  if (!registry) return;
  familiesOf(registry, "kopek_db_wal_archive", () => {
    let pending: { at: number; state: Promise<WalArchiveState | null> } | null = null;
    const state = (): Promise<WalArchiveState | null> => {
      const now = performance.now();
      if (pending && now - pending.at < 1_000) return pending.state;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const read = Promise.race([
        readWalArchive(sql),
        new Promise<null>((resolve) =>
          timer = setTimeout(() => resolve(null), WAL_ARCHIVE_TIMEOUT_MS)
        ),
      ]).catch(() => null).finally(() => clearTimeout(timer));
      pending = { at: now, state: read };
      return read;
    };
    new Gauge({
      name: "kopek_db_wal_archive_state_up",
      help:
        "1 when the WAL archiver's state below was read from the primary at this scrape, else 0.",
      registers: [registry],
      async collect() {
        this.set((await state()) ? 1 : 0);
      },
    });
    new Gauge({
      name: "kopek_db_wal_archive_enabled",
      help: "1 when the primary archives its WAL (archive_mode on or always), else 0.",
      registers: [registry],
      async collect() {
        const s = await state();
        if (s) this.set(s.enabled ? 1 : 0);
      },
    });
    new Gauge({
      name: "kopek_db_wal_archive_last_success_timestamp_seconds",
      help:
        "When the primary last archived a WAL segment, in Unix seconds (pg_stat_archiver; 0: never since its statistics were reset).",
      registers: [registry],
      async collect() {
        const s = await state();
        if (s) this.set(s.lastSuccess);
      },
    });
    new Gauge({
      name: "kopek_db_wal_archive_last_failure_timestamp_seconds",
      help:
        "When the primary's archive_command last failed, in Unix seconds (pg_stat_archiver; 0: never).",
      registers: [registry],
      async collect() {
        const s = await state();
        if (s) this.set(s.lastFailure);
      },
    });
  });
}
