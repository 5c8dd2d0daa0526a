/**
 * The wire shape of `POST /v1/client-errors`: an uncaught error of the PWA,
 * reported so that an operator sees it in the server's log. Every field is
 * bounded here; what may still be hostile in them (control characters,
 * tokens) is removed by the command API before it logs.
 *
 * @module
 */
import { z } from "zod";

/** Largest `message`, in characters. */
export const CLIENT_ERROR_MESSAGE_MAX = 1024;
/** Largest `stack`, in characters. */
export const CLIENT_ERROR_STACK_MAX = 8192;
/** Largest `path`, in characters. */
export const CLIENT_ERROR_PATH_MAX = 512;

/** What raised it: a thrown error (`error` event) or a rejected promise nobody handled. */
export const ClientErrorKind = z.enum(["error", "unhandledrejection"]);

/** The browser family, never the whole user agent (a fingerprint): a bounded label. */
export const ClientAgent = z.enum(["chromium", "firefox", "safari", "other"]);

/** Body of `POST /v1/client-errors`. */
export const ClientErrorInput = z.strictObject({
  kind: ClientErrorKind,
  message: z.string().max(CLIENT_ERROR_MESSAGE_MAX, {
    error: `must be at most ${CLIENT_ERROR_MESSAGE_MAX} characters`,
  }),
  stack: z.string().max(CLIENT_ERROR_STACK_MAX, {
    error: `must be at most ${CLIENT_ERROR_STACK_MAX} characters`,
  }).optional(),
  /** The page's path only: no query string or fragment (they may carry codes or tokens). */
  path: z.string().max(CLIENT_ERROR_PATH_MAX).regex(/^\/[^?#]*$/, {
    error: "must be a path starting with / without query string or fragment",
  }),
  /** The PWA's build (SvelteKit's `version`). */
  release: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, {
    error: "must be 1-64 letters, digits, '.', '_' or '-'",
  }),
  agent: ClientAgent,
});

/** A report as the client sends it. */
export type ClientErrorInput = z.infer<typeof ClientErrorInput>;
