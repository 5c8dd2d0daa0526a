/**
 * What one route of the API is (method, path, service, auth, request and
 * response, the statuses and problem codes it can answer, its headers and
 * query parameters), and the two builders the route table is written with:
 * {@linkcode read} (query-api) and {@linkcode write} (command-api), which add
 * what every read or every write has.
 *
 * @module
 */
import type { z } from "zod";
import { PROBLEM_CODES, type ProblemCode } from "./problems.ts";
import type { AnswerName } from "./response_names.ts";

/** An HTTP method, lower-case as OpenAPI writes it. */
export type Method = "get" | "post" | "put" | "patch" | "delete";

/** The service that serves a route. */
export type Service = "command-api" | "query-api";

/**
 * Who may call: "user" an access token; "none" no credentials; "service" the
 * bot's `KOPEK_BOT_API_KEY`; "optional" none needed, a valid user token used.
 */
export type Auth = "user" | "none" | "service" | "optional";

/** A request header a route reads. */
export type RequestHeader =
  | "If-Match"
  | "If-None-Match"
  | "Idempotency-Key"
  | "Kopek-Min-Position"
  | "Last-Event-ID";

/** A response header a route sets. */
export type ResponseHeader =
  | "ETag"
  | "Kopek-Position"
  | "Kopek-Served-By"
  | "Location"
  | "Content-Disposition"
  | "Cache-Control";

/** One route of the public API. */
/** A request body's media type when it is not JSON: an import, an attachment's bytes. */
export type BodyType =
  | "application/sql"
  | "text/csv"
  | "image/jpeg"
  | "image/png"
  | "image/webp"
  | "application/pdf"
  | "application/octet-stream";

/** A success body's media type when it is not JSON: a dump, a stream, a file, an archive. */
export type AnswerBodyType =
  | "application/sql"
  | "text/csv"
  | "text/event-stream"
  | "application/octet-stream"
  | "application/x-tar";

export interface Route {
  readonly method: Method;
  /** OpenAPI form: `/v1/groups/{g}`. */
  readonly path: string;
  readonly service: Service;
  readonly summary: string;
  readonly auth: Auth;
  /** The JSON request body's schema (the domain's input schema). */
  readonly body?: z.ZodType;
  /** The request body's media types when it is not JSON (an import). */
  readonly consumes?: readonly BodyType[];
  /** The success status. */
  readonly ok: number;
  /** The success body's type (`Answers` of `response_names.ts`); null: no JSON body. */
  readonly response: AnswerName | null;
  /** The success body's zod schema, where the document gives one. */
  readonly responseSchema?: z.ZodType;
  /** The success body's media type when it is not JSON. */
  readonly produces?: AnswerBodyType;
  /** Other success statuses with the same body (an upload's retry: 200 beside 201). */
  readonly alsoOk?: readonly number[];
  /** Every status it can answer, the success included, ascending. */
  readonly statuses: readonly number[];
  /** The problem codes it can answer. */
  readonly problems: readonly ProblemCode[];
  readonly requestHeaders: readonly RequestHeader[];
  readonly responseHeaders: readonly ResponseHeader[];
  /** Query parameters (`minPosition` on every read). */
  readonly query: readonly string[];
}

/** What a route's entry in the table gives; the builders add the rest. */
export interface RouteSpec {
  readonly summary: string;
  readonly auth?: Auth;
  readonly body?: z.ZodType;
  readonly consumes?: readonly BodyType[];
  readonly ok?: number;
  readonly response: AnswerName | null;
  readonly responseSchema?: z.ZodType;
  readonly produces?: AnswerBodyType;
  /** Codes beyond the ones every read or write has. */
  readonly problems?: readonly ProblemCode[];
  readonly requestHeaders?: readonly RequestHeader[];
  readonly responseHeaders?: readonly ResponseHeader[];
  readonly query?: readonly string[];
  /** `ETag` on the answer, `If-None-Match` answers 304 (reads). */
  readonly etag?: true;
  /** `If-Match` (writes): a stale version is 412 `version.stale`. */
  readonly ifMatch?: true;
  /** `Idempotency-Key` (the ledger's writes). */
  readonly idempotent?: true;
  /** Other success statuses with the same body. */
  readonly alsoOk?: readonly number[];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

/**
 * The statuses a problem code has on a route of this auth: `bad_credentials`
 * is 401 where no one is signed in yet (login) and 403 where a signed-in
 * user's password is wrong; other codes keep all theirs.
 */
export function problemStatuses(code: ProblemCode, auth: Auth): readonly number[] {
  if (code === "bad_credentials") return [auth === "none" ? 401 : 403];
  return PROBLEM_CODES[code];
}

function statusesOf(
  ok: number,
  problems: readonly ProblemCode[],
  etag: boolean,
  auth: Auth,
): number[] {
  const all = [ok, ...(etag ? [304] : []), ...problems.flatMap((p) => problemStatuses(p, auth))];
  return unique(all).sort((a, b) => a - b);
}

/** A read of query-api: `Kopek-Min-Position` / `?minPosition=`, `Kopek-Position`. */
export function read(path: string, spec: RouteSpec): Route {
  const auth = spec.auth ?? "user";
  const inGroup = path.startsWith("/v1/groups/{g}");
  const problems = unique<ProblemCode>([
    "malformed",
    ...(auth === "user"
      ? [
        "unauthenticated" as const,
        "not_found" as const,
        // A guest (ADR 0059): outside its group, or its link no longer works.
        "guest_forbidden" as const,
        "guest_link_revoked" as const,
      ]
      : []),
    // Every read's query string is strict: an unknown parameter is a 422.
    ...(path === "/v1/openapi.json" ? [] : ["validation" as const]),
    ...(spec.problems ?? []),
    "database_unavailable",
    "position_not_reached",
    ...(inGroup ? ["group_unavailable" as const] : []),
  ]);
  return {
    method: "get",
    path,
    service: "query-api",
    summary: spec.summary,
    auth,
    ok: spec.ok ?? 200,
    response: spec.response,
    ...(spec.responseSchema ? { responseSchema: spec.responseSchema } : {}),
    ...(spec.produces ? { produces: spec.produces } : {}),
    statuses: statusesOf(spec.ok ?? 200, problems, spec.etag === true, auth),
    problems,
    requestHeaders: unique([
      "Kopek-Min-Position",
      ...(spec.etag ? ["If-None-Match" as const] : []),
      ...(spec.requestHeaders ?? []),
    ]),
    responseHeaders: unique([
      "Kopek-Position",
      ...(spec.etag ? ["ETag" as const] : []),
      ...(spec.responseHeaders ?? []),
    ]),
    query: unique([...(spec.query ?? []), "minPosition"]),
  };
}

/** A write of command-api: rate limited, refused while storage is full, 413 over the limit. */
export function write(method: Exclude<Method, "get">, path: string, spec: RouteSpec): Route {
  const auth = spec.auth ?? "user";
  const hasBody = spec.body !== undefined || spec.consumes !== undefined;
  const appends = path !== "/v1/client-errors" && path !== "/v1/imports";
  const problems = unique<ProblemCode>([
    "malformed",
    ...(auth === "user" || auth === "service" ? ["unauthenticated" as const] : []),
    // A guest (ADR 0059): outside its group or its commands, or its link no longer works.
    ...(auth === "user" ? ["guest_forbidden" as const, "guest_link_revoked" as const] : []),
    ...(auth === "user" && path !== "/v1/sync" ? ["not_found" as const] : []),
    ...(spec.ifMatch ? ["version.stale" as const] : []),
    "too_large",
    // A route without a body refuses one: 415 when it is not JSON, 422 when it is not `{}`.
    "unsupported_media_type",
    ...(hasBody ? ["request_timeout" as const] : []),
    ...(spec.consumes ? [] : ["validation" as const]),
    ...(spec.problems ?? []),
    // Appends that lost a race more often than the retries allow.
    ...(appends ? ["version_conflict" as const] : []),
    "rate_limited",
    "database_unavailable",
    ...(path === "/v1/client-errors" ? [] : ["storage_full" as const]),
  ]);
  return {
    method,
    path,
    service: "command-api",
    summary: spec.summary,
    auth,
    ...(spec.body ? { body: spec.body } : {}),
    ...(spec.consumes ? { consumes: spec.consumes } : {}),
    ok: spec.ok ?? 200,
    response: spec.response,
    ...(spec.responseSchema ? { responseSchema: spec.responseSchema } : {}),
    ...(spec.alsoOk ? { alsoOk: spec.alsoOk } : {}),
    statuses: unique([...statusesOf(spec.ok ?? 200, problems, false, auth), ...(spec.alsoOk ?? [])])
      .sort((a, b) => a - b),
    problems,
    requestHeaders: unique([
      ...(spec.ifMatch ? ["If-Match" as const] : []),
      ...(spec.idempotent ? ["Idempotency-Key" as const] : []),
      ...(spec.requestHeaders ?? []),
    ]),
    responseHeaders: unique([
      ...(spec.idempotent ? ["Kopek-Position" as const] : []),
      ...(spec.responseHeaders ?? []),
    ]),
    query: spec.query ?? [],
  };
}
