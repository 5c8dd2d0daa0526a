/**
 * The one error type of the domain. Each carries a kind (which the HTTP layer
 * maps to a status), a stable code and, for validation, the failing paths.
 *
 * @module
 */

/** What went wrong, independent of any transport. */
export type DomainErrorKind =
  | "validation"
  | "not_found"
  | "forbidden"
  | "conflict"
  | "precondition_failed"
  | "gone";

/** One failing field of a validation error. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** A rule of the domain refused a command. */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

/** A 422-style validation failure at one path. */
export function invalid(code: string, path: string, message: string): DomainError {
  return new DomainError("validation", code, message, [{ path, message }]);
}

/** The entity does not exist or the actor may not see it. */
export function notFound(what: string): DomainError {
  return new DomainError("not_found", "not_found", `${what} not found`);
}

/** The actor may see the entity but not do this. */
export function forbidden(message: string): DomainError {
  return new DomainError("forbidden", "forbidden", message);
}

/** The command contradicts the current state. */
export function conflict(code: string, message: string): DomainError {
  return new DomainError("conflict", code, message);
}

/** The thing existed but can no longer be used (an expired code). */
export function gone(code: string, message: string): DomainError {
  return new DomainError("gone", code, message);
}
