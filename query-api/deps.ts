/**
 * What query-api needs from its composition root.
 *
 * @module
 */
import type { PositionWaiter } from "./position_waiter.ts";
import type { BlobStore } from "@kopek/platform/blobs";
import type { FileTokens } from "./attachments/file_token.ts";
import type { EventStore, SnapshotStore } from "@kopek/eventstore";
import type { KeyValueBus, Logger, Sql, TokenIssuer } from "@kopek/platform";
import type { Registry } from "prom-client";

/** Dependencies of `createQueryApi`. */
export interface QueryApiDeps {
  /** The read models' pool (the projector's database). */
  readonly sql: Sql;
  /** Whether email is configured (`KOPEK_SMTP_URL`, ADR 0060): the email settings say so. */
  readonly mailEnabled?: boolean;
  /**
   * The reporting connection (`KOPEK_REPORTING_DATABASE_URL`): a streaming
   * read replica of `sql`'s database, whose replicated projector checkpoints
   * say what it reflects. Serves the monthly reports. Default: `sql`.
   */
  readonly reportingSql?: Sql;
  /**
   * How long a report waits for a lagging replica to reach
   * `Kopek-Min-Position` before the primary answers (default 500 ms).
   */
  readonly replicaWaitMs?: number;
  /**
   * The process's Prometheus registry: where reports were answered, and the
   * replica's lag, are measured on it (query-api/metrics.ts, ADR 0036).
   */
  readonly metrics?: Registry;
  /** The event store (accounts, balances as of an instant). */
  readonly store: EventStore;
  /**
   * Snapshots of folded groups, where as-of reads start (ADR 0065); absent,
   * they fold from the first event.
   */
  readonly snapshots?: SnapshotStore | null;
  /** Verifies bearer tokens. */
  readonly tokens: TokenIssuer;
  readonly logger: Logger;
  /** The VAPID public key when web push is on (ADR 0057); else its routes answer 503. */
  readonly vapidPublicKey?: string;
  /** How long a read waits for `Kopek-Min-Position` (default 2,000 ms). */
  readonly minPositionTimeoutMs?: number;
  /**
   * Where projectors announce committed batches, and the cache (Valkey, or
   * the all-in-one process's in-process bus). Without one, an in-process bus
   * of its own: only `notifyAdvanced()` then wakes waiting reads early and
   * `/live` streams only send heartbeats.
   */
  readonly bus?: KeyValueBus;
  /**
   * Fallback poll interval while reads wait for a position, for announcements
   * lost while the bus was down (default 250 ms with a bus, 25 ms without).
   */
  readonly pollIntervalMs?: number;
  /**
   * Heartbeat interval of `/live` streams (default 15 s); each heartbeat also
   * re-checks the member's access (the cached access map).
   */
  readonly heartbeatMs?: number;
  /**
   * Least time between two checks of a `/live` stream's session when no
   * announcement of ended sessions arrived (default 60 s; ADR 0021).
   */
  readonly liveSessionCheckMs?: number;
  /**
   * How many `/live` streams this instance holds, per user and in all
   * (default 16 and 1,000; ADR 0025).
   */
  readonly liveStreams?: { readonly perUser: number; readonly total: number };
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
  /** Where attachments' bytes are (ADR 0055); without it their URLs and files answer 503. */
  readonly blobs?: BlobStore;
  /** Signs the PostgreSQL store's file URLs (a key derived from the JWT secret). */
  readonly fileTokens?: FileTokens;
}

/** What the routes get: the deps, and the app's waiter on the read models' checkpoints. */
export interface RouteDeps extends QueryApiDeps {
  readonly waiter: PositionWaiter;
}
