import assert from "node:assert/strict";
import { PROBLEM_CODES } from "./problems.ts";
import { routeIndexRow } from "./route_index.ts";
import { ROUTES } from "./routes.ts";

const page = await Deno.readTextFile(new URL("../docs/api.md", import.meta.url));

/** The lines of a `## heading` section, up to the next `## `. */
function section(heading: string): string {
  const start = page.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `docs/api.md has no "## ${heading}"`);
  const end = page.indexOf("\n## ", start + 1);
  return page.slice(start, end < 0 ? undefined : end);
}

function cells(line: string): string[] {
  return line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
}

Deno.test("docs/api.md's route index has exactly the route table's rows", () => {
  const rows = section("Route index").split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| route ") && !l.startsWith("| -"))
    .map((l) => cells(l).join(" | "));
  const expected = ROUTES.map((r) => routeIndexRow(r).join(" | "));
  assert.deepEqual(
    rows.filter((r) => !expected.includes(r)),
    [],
    "rows of docs/api.md the route table does not have (run `deno run contract/route_index.ts`)",
  );
  assert.deepEqual(
    expected.filter((r) => !rows.includes(r)),
    [],
    "routes docs/api.md lacks or describes otherwise (run `deno run contract/route_index.ts`)",
  );
});

Deno.test("docs/api.md's error types name every problem code of the contract", () => {
  const text = section("Error types");
  const missing = Object.keys(PROBLEM_CODES).filter((code) => !text.includes(`\`${code}\``));
  assert.deepEqual(missing, [], "problem codes docs/api.md does not list");
});
