/**
 * Fuzz routes: the service's own routes: `/live`, rates, client errors, the OpenAPI document.
 *
 * @module
 */
import fc from "fast-check";
import { g0, type Route } from "./_kit/route.ts";

/** The service routes. */
export const SERVICE_ROUTES: readonly Route[] = [
  {
    name: "GET live",
    op: "GET /v1/groups/{g}/live",
    method: "GET",
    path: "/v1/groups/{0}/live",
    ids: g0,
    auth: "user",
    params: [],
  },
  {
    name: "GET rates",
    op: "GET /v1/rates",
    method: "GET",
    path: "/v1/rates",
    ids: () => [],
    auth: "user",
    zedOk: true,
    params: ["base", "date"],
  },
  {
    name: "client-errors",
    op: "POST /v1/client-errors",
    method: "POST",
    path: "/v1/client-errors",
    ids: () => [],
    // Open: any token, valid or not, is no bad credential here.
    auth: "none",
    weight: 2,
    body: () =>
      fc.record({
        kind: fc.constantFrom("error", "unhandledrejection"),
        message: fc.string({ maxLength: 200 }),
        // Optional by requiredKeys (absent, never present as undefined: a "replace" of an
        // undefined slot with a string is no type change the server should refuse).
        stack: fc.string({ maxLength: 500 }),
        path: fc.constantFrom("/", "/signin", "/groups/0190b6c4-0000-7000-8000-000000000000"),
        release: fc.constantFrom("1733400000000", "dev"),
        agent: fc.constantFrom("chromium", "firefox", "safari", "other"),
      }, { requiredKeys: ["kind", "message", "path", "release", "agent"] }),
  },
  {
    name: "GET openapi",
    op: "GET /v1/openapi.json",
    method: "GET",
    path: "/v1/openapi.json",
    ids: () => [],
    auth: "none",
  },
];
