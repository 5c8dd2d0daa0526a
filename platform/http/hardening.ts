/**
 * Security response headers and CORS for the JSON APIs, on every response:
 * successes, problem+json errors and 404s alike.
 *
 * @module
 */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { secureHeaders } from "hono/secure-headers";

/** Options of {@linkcode hardening}. */
export interface HardeningOptions {
  /**
   * The one browser origin allowed to call the API cross-origin
   * (`KOPEK_PUBLIC_ORIGIN`, e.g. `https://kopek.example.com`; a path or a
   * trailing slash is dropped). Unset: no CORS headers at all, so browsers
   * allow same-origin calls only.
   */
  readonly publicOrigin?: string;
}

/** Request headers a cross-origin client may send. */
export const CORS_ALLOWED_HEADERS: readonly string[] = [
  "Authorization",
  "Content-Type",
  "If-Match",
  "If-None-Match",
  "Idempotency-Key",
  "Kopek-Min-Position",
  "X-Request-Id",
];

/** Response headers a cross-origin client may read. */
export const CORS_EXPOSED_HEADERS: readonly string[] = [
  "ETag",
  "Kopek-Position",
  "Retry-After",
  "X-Request-Id",
  "Location",
  "Kopek-Served-By",
];

/** The serialised origin of `publicOrigin`, or a `TypeError` for a URL that has none. */
function originOf(publicOrigin: string): string {
  let origin: string;
  try {
    origin = new URL(publicOrigin).origin;
  } catch {
    throw new TypeError(`publicOrigin is not a URL: ${JSON.stringify(publicOrigin)}`);
  }
  if (!/^https?:\/\//.test(origin)) {
    throw new TypeError(
      `publicOrigin must be an http(s) origin, got ${JSON.stringify(publicOrigin)}`,
    );
  }
  return origin;
}

/**
 * One middleware setting the API's security headers and, with a
 * `publicOrigin`, CORS for that origin only (exact match; credentials are not
 * allowed, since the API authenticates with bearer tokens, not cookies).
 *
 * Headers set on every response: `Content-Security-Policy: default-src
 * 'none'; frame-ancestors 'none'`, `Cross-Origin-Resource-Policy:
 * same-origin`, `Referrer-Policy: no-referrer`, `Strict-Transport-Security`,
 * `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY`,
 * `X-Permitted-Cross-Domain-Policies: none`, `X-XSS-Protection: 0`; and
 * `X-Powered-By` is removed. A header a handler set itself is kept, so that
 * a route serving HTML (API docs) can relax its own CSP.
 *
 * Preflight requests (`OPTIONS`) are answered here, 204, before routing and
 * authentication; one from another origin gets no `Access-Control-Allow-Origin`,
 * which makes the browser refuse the call.
 *
 * Mount it first (`app.use(hardening(...))`, before request logging, auth,
 * body limits and rate limits) so that it wraps every response, including
 * the ones `app.onError` and `app.notFound` produce.
 *
 * @example
 * ```ts
 * app.onError(errorHandler({ onUnexpected }));
 * app.use(hardening({ publicOrigin: config.KOPEK_PUBLIC_ORIGIN }));
 * app.use(requestContext({ logger }));
 * ```
 */
export function hardening(options: HardeningOptions = {}): MiddlewareHandler {
  const headers = secureHeaders({
    contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    crossOriginResourcePolicy: "same-origin",
    referrerPolicy: "no-referrer",
    strictTransportSecurity: "max-age=31536000; includeSubDomains",
    xContentTypeOptions: "nosniff",
    xFrameOptions: "DENY",
    xPermittedCrossDomainPolicies: "none",
    xXssProtection: "0",
    // Meant for HTML documents, not JSON: left out.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    removePoweredBy: true,
    overwrite: false,
  });
  const corsFor = options.publicOrigin === undefined ? null : cors({
    origin: originOf(options.publicOrigin),
    allowMethods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: [...CORS_ALLOWED_HEADERS],
    exposeHeaders: [...CORS_EXPOSED_HEADERS],
    credentials: false,
    maxAge: 600,
  });
  return async function hardening(c, next) {
    await headers(c, async () => {
      if (!corsFor) return await next();
      // A preflight is answered by `cors` itself: its response must become
      // the context's, for the security headers to be set on it.
      const preflight = await corsFor(c, next);
      if (preflight) c.res = preflight;
    });
  };
}
