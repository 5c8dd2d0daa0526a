/**
 * The route table: every route of command-api and query-api, once. The
 * OpenAPI document is generated from it, and a test compares it with the
 * routes the two Hono apps mount and with docs/api.md.
 *
 * @module
 */
import { ACCOUNT_ROUTES } from "./routes_accounts.ts";
import { ATTACHMENT_ROUTES } from "./routes_attachments.ts";
import { AUDIT_ROUTES } from "./routes_audit.ts";
import { CATEGORY_ROUTES } from "./routes_categories.ts";
import { EMAIL_ROUTES } from "./routes_email.ts";
import { GROUP_ROUTES } from "./routes_groups.ts";
import { GUEST_ROUTES } from "./routes_guests.ts";
import { LEDGER_ROUTES } from "./routes_ledger.ts";
import { PUSH_ROUTES } from "./routes_push.ts";
import { RECURRENCE_ROUTES } from "./routes_recurrences.ts";
import type { Route } from "./route.ts";

/** Every route of the public API, reads and writes. */
export const ROUTES: readonly Route[] = [
  ...ACCOUNT_ROUTES,
  ...GROUP_ROUTES,
  ...GUEST_ROUTES,
  ...LEDGER_ROUTES,
  ...CATEGORY_ROUTES,
  ...RECURRENCE_ROUTES,
  ...ATTACHMENT_ROUTES,
  ...AUDIT_ROUTES,
  ...PUSH_ROUTES,
  ...EMAIL_ROUTES,
];

/** `"GET /v1/groups/{g}"`: how tests and docs name a route. */
export function routeKey(route: Pick<Route, "method" | "path">): string {
  return `${route.method.toUpperCase()} ${route.path}`;
}

/** The route of a method and an OpenAPI path; throws for one the table lacks. */
export function routeOf(method: string, path: string): Route {
  const found = ROUTES.find((r) => r.method === method.toLowerCase() && r.path === path);
  if (!found) throw new Error(`no route ${method.toUpperCase()} ${path} in the contract`);
  return found;
}
