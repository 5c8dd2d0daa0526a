/**
 * The rate source port: where reference rates come from. The ECB adapter
 * (`ecb/source.ts`) is the default; any other source implements the same
 * interface and passes `rateSourceContract` (`contract.ts`).
 *
 * @module
 */

/** One day's reference rates as a source published them. */
export interface Publication {
  /** The publication's calendar date, `YYYY-MM-DD`. */
  readonly date: string;
  /** The currency every rate is quoted against (`"EUR"` for the ECB). */
  readonly base: string;
  /**
   * Units of each currency per one unit of `base`, as decimal strings exactly
   * as published (`{ USD: "1.0163" }`). Never contains `base` itself.
   */
  readonly rates: Readonly<Record<string, string>>;
}

/** How much a fetch should bring back. */
export type FetchScope =
  /** The newest publication only (cheap; what a scheduled run asks for). */
  | "latest"
  /** As much recent history as the source offers cheaply (the ECB: 90 days). */
  | "history";

/** Options of {@linkcode RateSource.fetch}. */
export interface FetchOptions {
  /** Default `"latest"`. */
  readonly scope?: FetchScope;
  /** Aborts the request (timeouts, shutdown). */
  readonly signal?: AbortSignal;
}

/** A source of reference rates. */
export interface RateSource {
  /** Stored with every rate and returned with every quote (`"ecb"`). */
  readonly name: string;
  /**
   * Fetches and parses publications, newest first. Rejects with a
   * {@linkcode RateSourceError} when the source is unreachable, answers an
   * error, or sends a document that is not what it should be; never resolves
   * with partial or guessed data.
   */
  fetch(options?: FetchOptions): Promise<Publication[]>;
}

/** Why a fetch failed; `kind` tells the worker's log what to look at. */
export type RateSourceErrorKind = "network" | "http" | "timeout" | "malformed";

/** A source could not deliver publications. */
export class RateSourceError extends Error {
  /** Builds an error of one kind; `cause` keeps the underlying error. */
  constructor(
    readonly kind: RateSourceErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RateSourceError";
  }
}
