import assert from "node:assert/strict";
import { CalendarDate, FreeText, InputDate, Text } from "./schemas.ts";

Deno.test("InputDate refuses year 0000, which PostgreSQL's date cannot hold", () => {
  assert.equal(InputDate.safeParse("0000-01-01").success, false);
  assert.equal(InputDate.safeParse("0001-01-01").success, true);
  assert.equal(InputDate.safeParse("9999-12-31").success, true);
  assert.equal(InputDate.safeParse("2026-02-29").success, false);
  // Events keep the schema they were written with, so that stored events always load.
  assert.equal(CalendarDate.safeParse("0000-01-01").success, true);
});

Deno.test("Text() and FreeText() refuse a lone surrogate but keep emoji and RTL marks", () => {
  for (const schema of [Text(20), FreeText(20)]) {
    const lone = schema.safeParse("a\uD800b");
    assert.equal(lone.success, false);
    assert.match(lone.error!.issues[0].message, /lone surrogate/);
    assert.equal(schema.safeParse("😀 \u202Eevil\u202C").success, true);
  }
});
