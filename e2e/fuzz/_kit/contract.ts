/**
 * Every answer the fuzz gets is one the contract says its route can give
 * (`@kopek/contract`'s route table, ADR 0046): its status among the route's
 * statuses, and a problem's code among the route's problem codes (`money.*`
 * standing for every code under `money.`). So the route table is checked
 * against what the routes really answer, not only against what they mount.
 *
 * @module
 */
import assert from "node:assert/strict";
import { ROUTES as CONTRACT_ROUTES } from "@kopek/contract";

const BY_OP = new Map(CONTRACT_ROUTES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r]));

/** Whether `code` is one of `codes`, a code ending in `.*` standing for its whole family. */
export function codeListed(code: string, codes: readonly string[]): boolean {
  return codes.some((c) => c === code || (c.endsWith(".*") && code.startsWith(c.slice(0, -1))));
}

/** Whether a request path (query aside) is one of the route template's (`/v1/groups/{g}`). */
export function onRoute(template: string, path: string): boolean {
  const pattern = template.replace(/[.]/g, "\\.").replace(/\{[^}]+\}/g, "[^/]+");
  return new RegExp(`^${pattern}$`).test(path.split("?")[0]);
}

/**
 * Fails unless the contract's route `op` (`POST /v1/groups`) may answer `status` (and `code`)
 * to a request for `path`. A path the fuzz garbled off the route (a doubled slash, an id with a
 * slash in it) is a request for no route, answered as any unknown path is: it is not checked.
 */
export function assertInContract(
  op: string,
  path: string,
  status: number,
  code: string | undefined,
  where: string,
): void {
  const route = BY_OP.get(op);
  if (route && !onRoute(route.path, path)) return;
  assert.ok(route, `${op} is not in the contract's route table: ${where}`);
  assert.ok(
    route.statuses.includes(status),
    `${op} answered ${status}, not among the contract's ${route.statuses.join(", ")}: ${where}`,
  );
  if (status >= 400 && code !== undefined) {
    assert.ok(
      codeListed(code, route.problems),
      `${op} answered the problem ${code}, not among the contract's: ${where}`,
    );
  }
}
