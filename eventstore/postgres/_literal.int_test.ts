import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { jsonLiteral } from "./_literal.ts";

Deno.test("jsonLiteral() round-trips hostile JSON through the server", async () => {
  await using db = await createTestDatabase("kopek_lit");
  const values = [
    "'; DROP TABLE x; --",
    "\\'; SELECT 1; --",
    "back\\slash \\\\ and ''quotes'' and $$dollars$$ and E'\\x41'",
    "\u2028 é 😀 \n\t\u0001",
  ];
  for (const standard of ["on", "off"]) {
    await db.sql.begin(async (tx) => {
      await tx.unsafe(`SET LOCAL standard_conforming_strings = ${standard}`);
      await tx.unsafe(`SET LOCAL escape_string_warning = off`);
      for (const v of values) {
        const json = JSON.stringify({ v });
        const [row] = await tx.unsafe(`SELECT ${jsonLiteral(json)}::jsonb AS j`);
        assert.deepEqual(row.j, { v }, `standard_conforming_strings=${standard}`);
      }
    });
  }
});
