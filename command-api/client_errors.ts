/**
 * Uncaught errors of the PWA, made safe to log: whatever a hostile client
 * puts in a report, the log line it becomes has no control characters (no
 * forged lines, no terminal escapes, no reordered text), no token or query
 * string, and bounded fields. The schema (`ClientErrorInput`, in the domain's
 * wire contract) bounds the sizes; this module decides what reaches the log.
 *
 * @module
 */
import { Counter, type Registry } from "prom-client";
import { familiesOf } from "@kopek/platform";
import type { ClientErrorInput } from "@kopek/domain";

/** Frames of a stack kept in the log line. */
export const STACK_FRAMES_MAX = 40;
/** Characters of one frame kept. */
export const FRAME_MAX = 300;
/** Characters of the message kept. */
export const MESSAGE_MAX = 1024;
/** Characters of the path kept. */
export const PATH_MAX = 200;

/** A report as it is logged. */
export interface ClientErrorLog {
  readonly kind: ClientErrorInput["kind"];
  readonly message: string;
  /** One frame per entry, so that no line break is needed (or allowed) in a field. */
  readonly stack: readonly string[];
  /** The route's path with ids and codes replaced by placeholders. */
  readonly path: string;
  readonly release: string;
  readonly agent: ClientErrorInput["agent"];
}

// C0 and C1 controls, DEL, line and paragraph separators, bidirectional controls
// (a message that reorders the text after it in a viewer), zero-width joiners and BOM.
// deno-lint-ignore no-control-regex -- stripping them is the point
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;
const BEARER = /\b(Bearer)\s+[^\s"',;]+/gi;
// A query string or fragment of a URL (invite codes, tokens): the URL up to it stays.
const URL_QUERY = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>()]*)[?#][^\s"'<>()]*/gi;
// Long runs of token alphabet (a refresh token's secret half, an API key).
const LONG_SECRET = /[A-Za-z0-9_-]{40,}/g;
// `key=value` pairs whose key names a secret.
const SECRET_PAIR = /\b(token|access_token|refresh_token|password|secret|code|key)=[^\s&"']+/gi;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLAIN_SEGMENT = /^[a-z0-9._-]{1,40}$/i;

/** `s` without control characters (see `CONTROLS`), lone surrogates or secrets, at most `max` characters. */
export function sanitiseText(s: string, max: number): string {
  const clean = s.toWellFormed()
    .replace(CONTROLS, " ")
    .replace(JWT, "[token]")
    .replace(BEARER, "$1 [redacted]")
    .replace(URL_QUERY, "$1?[redacted]")
    .replace(SECRET_PAIR, "$1=[redacted]")
    .replace(LONG_SECRET, "[redacted]")
    .replace(/ {2,}/g, " ")
    .trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).toWellFormed()}…`;
}

/**
 * The route of `path` without what identifies a thing: UUIDs become `[id]`,
 * the segment after `join` (an invite code) `[code]`, any other segment that
 * is not plain letters, digits, `.`, `_` or `-` `[x]`.
 */
export function routeOfPath(path: string): string {
  const segments = path.split("/").slice(1).map((segment, i, all) => {
    if (i > 0 && all[i - 1] === "join") return "[code]";
    if (UUID.test(segment)) return "[id]";
    return segment === "" || PLAIN_SEGMENT.test(segment) ? segment : "[x]";
  });
  const route = `/${segments.join("/")}`;
  return route.length <= PATH_MAX ? route : `${route.slice(0, PATH_MAX - 1)}…`;
}

/** What of `report` is logged. */
export function sanitiseClientError(report: ClientErrorInput): ClientErrorLog {
  const frames = (report.stack ?? "").split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((f) => sanitiseText(f, FRAME_MAX))
    .filter((f) => f !== "");
  return {
    kind: report.kind,
    message: sanitiseText(report.message, MESSAGE_MAX),
    stack: frames.length <= STACK_FRAMES_MAX ? frames : [
      ...frames.slice(0, STACK_FRAMES_MAX - 1),
      `… ${frames.length - STACK_FRAMES_MAX + 1} more`,
    ],
    path: routeOfPath(report.path),
    release: report.release,
    agent: report.agent,
  };
}

/** What the route counts: reports logged by kind, and those refused by reason. */
export interface ClientErrorMetrics {
  logged(kind: ClientErrorInput["kind"]): void;
  refused(reason: "invalid" | "rate_limited" | "too_large"): void;
}

/** The client-error families on `registry` (none without one). */
export function clientErrorMetrics(registry: Registry | undefined): ClientErrorMetrics {
  if (!registry) return { logged: () => {}, refused: () => {} };
  const f = familiesOf(registry, "kopek_client_errors", () => ({
    logged: new Counter({
      name: "kopek_client_errors_total",
      help: "Uncaught errors the PWA reported and the server logged, by kind.",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    refused: new Counter({
      name: "kopek_client_errors_refused_total",
      help: "Client error reports not logged: invalid, too large, or over a rate limit.",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
  }));
  return {
    logged: (kind) => f.logged.inc({ kind }),
    refused: (reason) => f.refused.inc({ reason }),
  };
}
