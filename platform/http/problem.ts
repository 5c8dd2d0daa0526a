/**
 * RFC 9457 problem documents: the one error shape of the API.
 *
 * @module
 */

/** One failing field. */
export interface ProblemField {
  readonly path: string;
  readonly message: string;
}

/** An `application/problem+json` body. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors: readonly ProblemField[];
  readonly code?: string;
}

const TITLES: Record<number, string> = {
  400: "Malformed request",
  401: "Not authenticated",
  403: "Not allowed",
  404: "Not found",
  405: "Method not allowed",
  408: "Request timeout",
  409: "Conflict",
  412: "Precondition failed",
  413: "Body too large",
  415: "Unsupported media type",
  422: "Validation failed",
  429: "Too many requests",
  500: "Internal error",
  503: "Service unavailable",
};

/** Builds a problem document; `code` becomes the last segment of `type`. */
export function problem(
  status: number,
  detail: string,
  options: { code?: string; errors?: readonly ProblemField[] } = {},
): Problem {
  const code = options.code ?? (TITLES[status] ?? "error").toLowerCase().replaceAll(" ", "_");
  return {
    type: `https://kopek.dev/problems/${code}`,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    errors: options.errors ?? [],
    code,
  };
}

/** A problem as a `Response` with the right content type and extra headers. */
export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...headers },
  });
}

/** An error that carries its problem document through the HTTP layer. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem, readonly headers: Record<string, string> = {}) {
    super(problem.detail);
    this.name = "ProblemError";
  }
}
