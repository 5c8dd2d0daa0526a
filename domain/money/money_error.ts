/**
 * The one error type of the money core and the ledger helpers.
 *
 * `code` is stable and machine-readable (`money.too_many_decimals`, …); the
 * HTTP layer maps it to a 422 problem document. `path` is passed through
 * unchanged from the caller (this module does not impose a path syntax).
 *
 * @example
 * ```ts
 * throw new MoneyError("money.unknown_currency", `currency "ABC" is not an ISO 4217 code`, "total");
 * ```
 */
export class MoneyError extends Error {
  /** Builds an error with a stable `code`, a sentence-case message and an optional input path. */
  constructor(readonly code: string, message: string, readonly path?: string) {
    super(message);
    this.name = "MoneyError";
  }
}
