import type { Problem } from "../types.ts";

/** The server answered with an error: its problem document says why. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
    readonly headers?: Headers,
  ) {
    super(describeProblem(problem));
    this.name = "ApiError";
  }

  /** The problem's `code` (`version.stale`, `invite.used`, …), if any. */
  get code(): string | undefined {
    return this.problem.code ?? this.problem.type?.split("/").pop();
  }
}

/** The server could not be reached (offline, DNS, connection reset). */
export class NetworkError extends Error {
  constructor(cause?: unknown) {
    super("You are offline or the server cannot be reached");
    this.name = "NetworkError";
    this.cause = cause;
  }
}

/** The session ended (refresh refused): the person must sign in again. */
export class SignedOutError extends ApiError {
  constructor(problem: Problem) {
    super(401, problem);
    this.name = "SignedOutError";
  }
}

/** A sentence a person can read for a problem: its detail, and the fields it names. */
export function describeProblem(p: Problem): string {
  const detail = p.detail ?? p.title ?? `The server answered ${p.status}`;
  const fields = (p.errors ?? []).filter((e) => e.path && !detail.includes(e.message));
  const extra = fields.map((e) => `${e.path}: ${e.message}`).join("; ");
  const text = extra ? `${detail} (${extra})` : detail;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A message for any error a page caught. */
export function errorMessage(e: unknown): string {
  if (e instanceof ApiError || e instanceof NetworkError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}
