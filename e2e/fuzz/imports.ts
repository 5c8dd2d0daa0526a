/**
 * Fuzz routes: imports: `POST /v1/imports` (an SQL dump or a Splitwise export,
 * whole or garbled: `imports_csv.ts`) and
 * `GET /v1/imports/{id}`.
 *
 * @module
 */
import fc from "fast-check";
import type { Fixture } from "./_kit/fixture.ts";
import { type Req } from "./_kit/request.ts";
import type { Route } from "./_kit/route.ts";
import { csvImportArb } from "./imports_csv.ts";

/** The imports routes. */
export const IMPORTS_ROUTES: readonly Route[] = [
  {
    name: "import",
    op: "POST /v1/imports",
    method: "POST",
    path: "/v1/imports",
    ids: () => [],
    auth: "user",
    zedOk: true,
    raw: (f) =>
      fc.oneof({ weight: 3, arbitrary: importArb(f) }, { weight: 2, arbitrary: csvImportArb(f) }),
    weight: 3,
  },
  {
    name: "GET import",
    op: "GET /v1/imports/{id}",
    method: "GET",
    path: "/v1/imports/{0}",
    ids: (f) => [f.importJob],
    auth: "user",
    params: [],
  },
];

/**
 * A generated import: the fixture's export, whole (accepted: new groups), or
 * garbled the ways a dump gets damaged or forged (refused, appending nothing).
 */
function importArb(f: Fixture): fc.Arbitrary<Req> {
  const dump = new TextEncoder().encode(f.dump);
  const rows = f.dump.split("\n");
  const rowsAt = rows.findIndex((l) => l.startsWith("COPY kopek_events")) + 1;
  const rowCount = rows.findIndex((l) => l === "\\.") - rowsAt;
  const sql = "application/sql";
  type Garble = {
    label: string;
    body: Uint8Array;
    type?: string | null;
    auth?: string | null;
    ok?: number[];
  };
  const garble: fc.Arbitrary<Garble> = fc.oneof(
    { weight: 1, arbitrary: fc.constant<Garble>({ label: "whole", body: dump, ok: [202] }) },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.nat(dump.length - 1), fc.integer({ min: 1, max: 255 })).map(
        ([at, x]) => {
          const body = dump.slice();
          body[at] ^= x;
          return { label: `byte ${at} ^ ${x}`, body };
        },
      ),
    },
    {
      weight: 2,
      arbitrary: fc.nat(dump.length - 2).map((at) => ({
        label: `cut at ${at}`,
        body: dump.slice(0, at),
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(fc.nat(Math.max(0, rowCount - 2)), fc.boolean()).map(([i, drop]) => {
        const lines = [...rows];
        const at = rowsAt + i;
        if (drop) lines.splice(at, 1);
        else [lines[at], lines[at + 1]] = [lines[at + 1], lines[at]];
        return {
          label: drop ? `row ${i} removed` : `rows ${i}, ${i + 1} swapped`,
          body: new TextEncoder().encode(lines.join("\n")),
        };
      }),
    },
    {
      weight: 2,
      arbitrary: fc.string({ unit: "binary", maxLength: 300 }).map((t) => ({
        label: "garbage",
        body: new TextEncoder().encode(t),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | null>(
        "application/json",
        "text/plain",
        "application/sql; charset=latin1x",
        null,
      )
        .map((type) => ({
          label: `content-type ${type}`,
          body: dump,
          type,
          ok: type?.startsWith(sql) ? [202, 415] : [415],
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(null, "Bearer nope", `Bearer ${f.zedToken}x`).map((auth) => ({
        label: `auth ${auth}`,
        body: dump,
        auth,
        ok: [401],
      })),
    },
  );
  return garble.map((g): Req => {
    const headers: Record<string, string> = {};
    const auth = g.auth === undefined ? `Bearer ${f.anaToken}` : g.auth;
    if (auth !== null) headers.authorization = auth;
    const type = g.type === undefined ? sql : g.type;
    if (type !== null) headers["content-type"] = type;
    const accepted = g.ok?.includes(202) ?? false;
    return {
      route: "import",
      method: "POST",
      path: "/v1/imports",
      headers,
      body: g.body,
      mustReject: !accepted,
      doomed: [],
      expect: g.ok,
      labels: ["import", g.label],
    };
  });
}
