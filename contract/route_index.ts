/**
 * docs/api.md's route index, as the route table gives it: one row per route
 * with the statuses, problem codes, headers and query parameters it has.
 * `deno run contract/route_index.ts` prints it (paste it over the section);
 * `docs_test.ts` checks the page holds exactly these rows.
 *
 * @module
 */
import type { Route } from "./route.ts";
import { ROUTES } from "./routes.ts";

/** The cells of one route's row. */
export function routeIndexRow(route: Route): string[] {
  const headers = [
    ...route.requestHeaders,
    ...route.query.map((q) => `?${q}=`),
  ];
  return [
    `${route.method.toUpperCase()} ${route.path}`,
    route.statuses.join(", "),
    route.problems.map((p) => `\`${p}\``).join(", ") || "none",
    headers.map((h) => h.startsWith("?") ? `\`${h}\`` : h).join(", ") || "none",
  ];
}

/** The whole table, as markdown. */
export function routeIndexTable(routes: readonly Route[] = ROUTES): string {
  const lines = [
    "| route | statuses | problem codes | headers and query |",
    "| --- | --- | --- | --- |",
    ...routes.map((r) => `| ${routeIndexRow(r).join(" | ")} |`),
  ];
  return lines.join("\n");
}

if (import.meta.main) {
  // deno-lint-ignore no-console
  console.log(routeIndexTable());
}
