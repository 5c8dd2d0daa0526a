/**
 * What query-api needs from its composition root.
 *
 * @module
 */
import type { EventStore } from "@kopek/eventstore";
import type { Logger, Sql, TokenIssuer } from "@kopek/platform";

/** Dependencies of `createQueryApi`. */
export interface QueryApiDeps {
  /** The read models' pool (the projector's database). */
  readonly sql: Sql;
  /** The event store (accounts, balances as of an instant). */
  readonly store: EventStore;
  /** Verifies bearer tokens. */
  readonly tokens: TokenIssuer;
  readonly logger: Logger;
  /** How long a read waits for `Kopek-Min-Position` (default 2,000 ms). */
  readonly minPositionTimeoutMs?: number;
  /** Poll interval while reads wait for a position (default 25 ms). */
  readonly pollIntervalMs?: number;
  /** The clock (default `() => new Date()`). */
  readonly now?: () => Date;
}
