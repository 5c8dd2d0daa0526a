/**
 * Reports the page's uncaught errors (window `error` and
 * `unhandledrejection`) to `POST /v1/client-errors`, where the server logs
 * them for the operator (docs/observability.md "Errors from the PWA").
 *
 * Bounded on every side: the same error (kind and message) is sent once per
 * page load, at most {@linkcode PER_MINUTE} reports a minute, each cut to the
 * server's limits; a report that cannot be sent (offline, refused, over a
 * limit) is dropped, never queued or retried. The reporter never throws, and
 * its own failures are not reported.
 *
 * @module
 */

/** Reports sent in any minute, at most. */
export const PER_MINUTE = 5;
/** Distinct errors remembered for deduplication; past it, nothing more is sent this page load. */
export const DISTINCT_MAX = 100;
/** The server's bounds (docs/api.md "Errors from the PWA"). */
export const MESSAGE_MAX = 1024;
export const STACK_MAX = 8192;
export const PATH_MAX = 512;
/** The server refuses bodies over 16 KiB; stay well below. */
export const BODY_MAX_BYTES = 15 * 1024;

/** The wire body of a report. */
export interface ClientErrorReport {
  kind: "error" | "unhandledrejection";
  message: string;
  stack?: string;
  path: string;
  release: string;
  agent: "chromium" | "firefox" | "safari" | "other";
}

/** What the reporter needs from the page; tests pass fakes. */
export interface ReporterOptions {
  /** The PWA build (SvelteKit's `version`). */
  release: string;
  /** Sends one JSON body; failures are swallowed by the reporter. */
  send: (body: string) => Promise<unknown> | void;
  /** The page's path (`location.pathname`). */
  path: () => string;
  /** Whether the browser thinks it is online (`navigator.onLine`). */
  online?: () => boolean;
  /** The user agent string, reduced to a family. */
  userAgent?: string;
  /** The clock, in ms. */
  now?: () => number;
}

/** The reporter of one page. */
export interface Reporter {
  /** Reports `error` unless it is a repeat, over the rate, or offline; answers whether it was sent. */
  report(kind: ClientErrorReport["kind"], error: unknown, fallbackMessage?: string): boolean;
}

/** The browser family of a user agent string (the server takes no more: a fingerprint). */
export function agentOf(userAgent: string): ClientErrorReport["agent"] {
  if (/Firefox\//.test(userAgent)) return "firefox";
  if (/Chrom(e|ium)\/|Edg\//.test(userAgent)) return "chromium";
  if (/Safari\//.test(userAgent)) return "safari";
  return "other";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route of a path: ids and invite codes never leave the page (the server checks again). */
export function routeOf(pathname: string): string {
  const segments = pathname.split(/[?#]/)[0].split("/").map((s, i, all) =>
    i > 1 && all[i - 1] === "join" ? "[code]" : UUID.test(s) ? "[id]" : s
  );
  const path = segments.join("/") || "/";
  return (path.startsWith("/") ? path : `/${path}`).slice(0, PATH_MAX);
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max).toWellFormed();
}

function describe(error: unknown, fallback: string): { message: string; stack?: string } {
  if (error instanceof Error) {
    return {
      message: `${error.name}: ${error.message}`,
      stack: typeof error.stack === "string" ? error.stack : undefined,
    };
  }
  if (error === undefined || error === null) return { message: fallback || String(error) };
  try {
    return { message: typeof error === "string" ? error : JSON.stringify(error) ?? String(error) };
  } catch {
    return { message: Object.prototype.toString.call(error) };
  }
}

/** The JSON body of a report, within {@linkcode BODY_MAX_BYTES} whatever the text. */
export function encodeReport(report: ClientErrorReport): string {
  const bounded: ClientErrorReport = {
    ...report,
    message: cut(report.message, MESSAGE_MAX),
    ...(report.stack ? { stack: cut(report.stack, STACK_MAX) } : {}),
  };
  let body = JSON.stringify(bounded);
  // Characters are not bytes: non-ASCII text may be three bytes each; shorten the stack, then drop it.
  for (const max of [2048, 0]) {
    if (new TextEncoder().encode(body).length <= BODY_MAX_BYTES) break;
    const { stack, ...rest } = bounded;
    body = JSON.stringify(max && stack ? { ...rest, stack: cut(stack, max) } : rest);
  }
  return body;
}

/** A reporter with its own dedup set and rate window: one per page. */
export function createReporter(options: ReporterOptions): Reporter {
  const now = options.now ?? Date.now;
  const online = options.online ?? (() => true);
  const agent = agentOf(options.userAgent ?? "");
  const seen = new Set<string>();
  const sentAt: number[] = [];
  let sending = false;
  return {
    report(kind, error, fallbackMessage = "") {
      // An error thrown while reporting (a broken fetch polyfill) must not report itself.
      if (sending) return false;
      try {
        sending = true;
        const { message, stack } = describe(error, fallbackMessage);
        const key = `${kind} ${cut(message, MESSAGE_MAX)}`;
        if (seen.has(key) || seen.size >= DISTINCT_MAX) return false;
        const t = now();
        while (sentAt.length > 0 && sentAt[0] <= t - 60_000) sentAt.shift();
        if (sentAt.length >= PER_MINUTE) return false;
        if (!online()) return false;
        seen.add(key);
        sentAt.push(t);
        const body = encodeReport({
          kind,
          message,
          ...(stack ? { stack } : {}),
          path: routeOf(options.path()),
          release: options.release,
          agent,
        });
        Promise.resolve().then(() => options.send(body)).catch(() => {});
        return true;
      } catch {
        return false;
      } finally {
        sending = false;
      }
    },
  };
}

/**
 * Sends a report body with `fetch(…, { keepalive: true })`, so that it
 * leaves even when the page is closing, with the access token when
 * `token()` has one (the server adds the user to its log line); a failure
 * is the caller's to ignore.
 */
export async function sendReport(body: string, token: () => Promise<string | null>): Promise<void> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const t = await token().catch(() => null);
  if (t) headers.authorization = `Bearer ${t}`;
  const res = await fetch("/v1/client-errors", {
    method: "POST",
    headers,
    body,
    keepalive: true,
    credentials: "omit",
  });
  await res.body?.cancel();
}

/** Installs the reporter on `target`'s `error` and `unhandledrejection` events; answers the uninstaller. */
export function installErrorReporting(target: Window, reporter: Reporter): () => void {
  const onError = (e: ErrorEvent) => {
    const location = e.filename ? `at ${e.filename}:${e.lineno}:${e.colno}` : undefined;
    const error = e.error ?? (location ? Object.assign(new Error(e.message), { name: "Error", stack: `${e.message}\n${location}` }) : undefined);
    reporter.report("error", error, e.message);
  };
  const onRejection = (e: PromiseRejectionEvent) => reporter.report("unhandledrejection", e.reason, "unhandled rejection");
  target.addEventListener("error", onError);
  target.addEventListener("unhandledrejection", onRejection);
  return () => {
    target.removeEventListener("error", onError);
    target.removeEventListener("unhandledrejection", onRejection);
  };
}
