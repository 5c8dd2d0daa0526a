import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { textArray } from "./_sql.ts";

Deno.test("textArray: PostgreSQL reads every element back as it was, for each column type", async () => {
  await using db = await createTestDatabase("kopek_proj_sql", { max: 1 });
  const { sql } = db;
  const texts = [
    "",
    "NULL",
    "null",
    "a,b",
    "{x}",
    " lead and trail ",
    'say "hi"',
    "back\\slash\\",
    '\\"',
    "line\nbreak\ttab",
    "żółć €",
    "😀",
    null,
  ];
  // Read back as JSON: postgres.js's own array parser takes a NULL element for the string "NULL".
  const [t] = await sql<{ v: (string | null)[] }[]>`
    SELECT to_json(${textArray(sql, texts)}::text[]) AS v`;
  assertEquals(t.v, texts);
  const [u] = await sql<{ v: string[] }[]>`
    SELECT to_json(${textArray(sql, ["4b1e3c2a-0000-4000-8000-000000000001", null])}::uuid[]) AS v`;
  assertEquals(u.v, ["4b1e3c2a-0000-4000-8000-000000000001", null]);
  const [n] = await sql<{ i: number[]; b: string[]; f: boolean[]; e: string[] }[]>`
    SELECT to_json(${textArray(sql, [0, -7, 2147483647, null])}::integer[]) AS i,
           ${textArray(sql, [9007199254740993n, "9223372036854775807"])}::bigint[]::text[] AS b,
           to_json(${textArray(sql, [true, false, null])}::boolean[]) AS f,
           ${textArray(sql, [])}::text[] AS e`;
  assertEquals(n.i, [0, -7, 2147483647, null]);
  assertEquals(n.b, ["9007199254740993", "9223372036854775807"]);
  assertEquals(n.f, [true, false, null]);
  assertEquals(n.e, []);
  // The same literal works in a statement postgres.js prepares and reuses.
  for (const v of [["x"], ["y", "z"]]) {
    const [r] = await sql<{ n: number }[]>`SELECT cardinality(${textArray(sql, v)}::text[]) AS n`;
    assertEquals(r.n, v.length);
  }
});
