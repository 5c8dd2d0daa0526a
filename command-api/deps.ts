/**
 * What the command side needs from the outside world, passed in by the
 * composition root (the service's main or the all-in-one process).
 *
 * @module
 */
import type { EventStore } from "@kopek/eventstore";
import type { Logger, PasswordCost, TokenIssuer } from "@kopek/platform";
import type { FxResolver } from "./fx.ts";

/** Dependencies of the command API. */
export interface CommandApiDeps {
  readonly store: EventStore;
  readonly tokens: TokenIssuer;
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
  /** Groups whose folded state each process keeps in memory (default 1,000). */
  readonly groupCacheSize?: number;
}
