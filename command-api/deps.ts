/**
 * What the command side needs from the outside world, passed in by the
 * composition root (the service's main or the all-in-one process).
 *
 * @module
 */
import type { BlobStore } from "@kopek/platform/blobs";
import type { EventStore, SnapshotStore } from "@kopek/eventstore";
import type { ImportQueue } from "@kopek/imports";
import type { MailDesk } from "@kopek/mail";
import type {
  CodeMinter,
  GroupNotices,
  GuestLinkTokens,
  Logger,
  PasswordCost,
  RateLimiter,
  SessionsEnded,
  StorageState,
  TokenIssuer,
} from "@kopek/platform";
import type { Registry } from "prom-client";
import type { FxResolver } from "./fx.ts";
import type { RateLimitPolicy } from "./rate_limits.ts";
import type { PushDeps } from "./routes/push.ts";

/** Dependencies of the command API. */
export interface CommandApiDeps {
  readonly store: EventStore;
  /**
   * Snapshots of folded groups, where a group that is not cached is loaded
   * from (ADR 0065); absent, it is folded from its first event.
   */
  readonly snapshots?: SnapshotStore | null;
  readonly tokens: TokenIssuer;
  /**
   * Signs guest links (ADR 0059), keyed from `KOPEK_JWT_SECRET`; default: a
   * random key of this process (links then die with it: tests only).
   */
  readonly guestLinks?: GuestLinkTokens;
  /** Makes invite and Telegram link codes (derived ones depend on the server's secret). */
  readonly codes: CodeMinter;
  readonly logger: Logger;
  /** The clock; tests pass a fake one. */
  readonly now: () => Date;
  /** New ids (UUIDv7). */
  readonly newId: () => string;
  /** Rates for foreign-currency commands without a client rate. */
  readonly fx?: FxResolver;
  /** Argon2id cost; tests lower it. */
  readonly passwordCost?: PasswordCost;
  /** Largest request body in bytes (default 1 MiB). */
  readonly maxBodyBytes?: number;
  /** Called after each append that stored events (the all-in-one process nudges its projector). */
  readonly onAppended?: () => void;
  /**
   * Called after sessions ended (logout, a reused refresh token, "sign out
   * everywhere", a password change): the composition root publishes it
   * (`publishSessionsEnded`) so that `/live` streams of those sessions end.
   */
  readonly onSessionsEnded?: (ended: SessionsEnded) => void;
  /** Groups whose folded state each process keeps in memory (default 1,000). */
  readonly groupCacheSize?: number;
  /**
   * Notices of group appends between the processes serving commands (ADR 0075): a cached group
   * another process wrote to catches up before its next command. Absent: none (one process).
   */
  readonly groupNotices?: GroupNotices;
  /** How long a refresh token works unused (default 30 days). */
  readonly refreshTokenLifetimeMs?: number;
  /**
   * Counts requests for the rate limits (Valkey-backed and shared by every
   * replica, or in-process); null turns rate limiting off (benchmarks).
   * Default: an in-process limiter.
   */
  readonly rateLimiter?: RateLimiter | null;
  /** Overrides of the default limits. */
  readonly rateLimits?: Partial<RateLimitPolicy>;
  /** Whether the last `X-Forwarded-For` hop is the client's address (behind Traefik). */
  readonly trustProxy?: boolean;
  /** The Telegram bot's service key (`KOPEK_BOT_API_KEY`); without one, the bot routes answer 401. */
  readonly botApiKey?: string;
  /**
   * How long a write may take before it answers 503 `database_unavailable`
   * (default {@linkcode WRITE_TIMEOUT_MS}); the write goes on and a retry with the same id
   * answers its result. Uploads (`POST /v1/imports`) have their own limits.
   */
  readonly writeTimeoutMs?: number;
  /** Email (ADR 0060); without it the routes that mail answer 404 email.disabled. */
  readonly mail?: MailDesk | null;
  /** Where `POST /v1/imports` queues dumps; without it the route answers 503. */
  readonly imports?: ImportQueue;
  /** Where attachments' bytes go (ADR 0055); without it the upload answers 503. */
  readonly blobs?: BlobStore;
  /**
   * Free space of the database's volumes (a `watchStorage` watcher): while
   * full, writes answer 503 `storage_full`. Without it, no guard.
   */
  readonly storage?: { state(): StorageState };
  /** The process's Prometheus registry: commands are counted on it (ADR 0036). */
  readonly metrics?: Registry;
  /** Web push subscriptions and settings (ADR 0057); without it the routes answer 503. */
  readonly push?: PushDeps;
}

/** Default bound of a write request, in ms (ADR 0023). */
export const WRITE_TIMEOUT_MS = 10_000;
