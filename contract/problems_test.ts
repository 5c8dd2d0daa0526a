import assert from "node:assert/strict";
import { PROBLEM_CODES, type ProblemCode } from "./problems.ts";
import { ROUTES } from "./routes.ts";

const ROOT = new URL("../", import.meta.url);
/** The packages whose source answers problems (tests left out). */
const PACKAGES = ["domain", "platform", "command-api", "query-api", "imports", "rates"];
const KIND_STATUS: Record<string, number> = {
  validation: 422,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  precondition_failed: 412,
  gone: 410,
};

async function* sources(dir: URL): AsyncGenerator<{ path: string; text: string }> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isDirectory && !["testing", "bench", "node_modules"].includes(entry.name)) {
      yield* sources(new URL(`${entry.name}/`, dir));
    } else if (entry.name.endsWith(".ts") && !/_test\.ts$|\.int_test\.ts$/.test(entry.name)) {
      const url = new URL(entry.name, dir);
      yield { path: url.pathname, text: await Deno.readTextFile(url) };
    }
  }
}

/** The problem codes the source names, with the statuses its domain helpers give them. */
async function codesInSource(): Promise<Map<string, Set<number>>> {
  const found = new Map<string, Set<number>>();
  const add = (code: string, status?: number) => {
    const statuses = found.get(code) ?? new Set<number>();
    if (status !== undefined) statuses.add(status);
    found.set(code, statuses);
  };
  for (const pkg of PACKAGES) {
    for await (const { text } of sources(new URL(`${pkg}/`, ROOT))) {
      for (const m of text.matchAll(/\bcode: "([a-z_.]+)"/g)) add(m[1]);
      for (const m of text.matchAll(/new DomainError\(\s*"(\w+)",\s*"([a-z_.]+)"/g)) {
        add(m[2], KIND_STATUS[m[1]]);
      }
      // A file with its own invalid() (a route's 422 helper) passes paths, not codes.
      const ownInvalid = /function invalid\(/.test(text) && !text.includes("new DomainError(");
      const helpers: [RegExp, number][] = [[/\bconflict\(\s*"([a-z_.]+)"/g, 409], [
        /\bgone\(\s*"([a-z_.]+)"/g,
        410,
      ], ...(ownInvalid ? [] : [[/\binvalid\(\s*"([a-z_.]+)"/g, 422] as [RegExp, number]])];
      for (const [re, status] of helpers) for (const m of text.matchAll(re)) add(m[1], status);
    }
  }
  return found;
}

function listed(code: string): ProblemCode | undefined {
  if (code in PROBLEM_CODES) return code as ProblemCode;
  const family = `${code.slice(0, code.indexOf("."))}.*`;
  return family in PROBLEM_CODES ? family as ProblemCode : undefined;
}

Deno.test("PROBLEM_CODES lists every code the services answer, with its status", async () => {
  const found = await codesInSource();
  assert.ok(found.size > 40, `only ${found.size} codes found: is the scan still right?`);
  const missing = [...found.keys()].filter((c) => !listed(c) && !c.startsWith("eventstore."));
  assert.deepEqual(missing, [], "codes the source answers that PROBLEM_CODES lacks");
  for (const [code, statuses] of found) {
    const entry = listed(code);
    if (!entry) continue;
    for (const s of statuses) {
      assert.ok((PROBLEM_CODES[entry] as readonly number[]).includes(s), `${code}: ${s}`);
    }
  }
});

Deno.test("every problem code is answered by some route, or is the server's own", () => {
  const server = new Set([
    "headers_too_large",
    "internal",
    "import.failed",
    "dump.*",
    "csv.*",
    // The scheduler's `recurrence.occur` (ADR 0051), which no route sends.
    "recurrence.not_next",
    "recurrence.not_due",
    "recurrence.paused",
    "recurrence.ended",
  ]);
  const used = new Set(ROUTES.flatMap((r) => r.problems));
  const unused = Object.keys(PROBLEM_CODES).filter((c) =>
    !used.has(c as ProblemCode) && !server.has(c)
  );
  assert.deepEqual(unused, [], "codes no route names");
});
