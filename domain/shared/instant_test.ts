import assert from "node:assert/strict";
import fc from "fast-check";
import { parseInstant } from "./instant.ts";

Deno.test("parseInstant() reads what toISOString writes, to the same instant", () => {
  fc.assert(
    fc.property(
      fc.date({
        min: new Date("0001-01-01T00:00:00Z"),
        max: new Date("9999-12-31T23:59:59.999Z"),
        noInvalidDate: true,
      }),
      (d) => {
        assert.equal(parseInstant(d.toISOString()), d.getTime());
      },
    ),
  );
});

Deno.test("parseInstant() reads offsets and shorter fractions", () => {
  assert.equal(parseInstant("2026-11-22T10:00:00Z"), Date.parse("2026-11-22T10:00:00Z"));
  assert.equal(parseInstant("2026-11-22T10:00:00.5+01:30"), Date.parse("2026-11-22T08:30:00.500Z"));
  assert.equal(parseInstant("2026-11-22T10:00:00-14:00"), Date.parse("2026-11-23T00:00:00Z"));
  assert.equal(
    parseInstant("0001-01-01T00:00:00.000Z"),
    new Date("0001-01-01T00:00:00Z").getTime(),
  );
  assert.equal(parseInstant("0099-03-01T00:00:00Z"), new Date("0099-03-01T00:00:00Z").getTime());
  assert.equal(parseInstant("2024-02-29T23:59:59.999Z"), Date.parse("2024-02-29T23:59:59.999Z"));
});

Deno.test("parseInstant() refuses what Date.parse accepts but Kopek never writes", () => {
  for (
    const text of [
      "2026",
      "2026-11",
      "2026-11-22",
      "2026-11-22T10:00Z",
      "2026-11-22T10:00:00",
      "2026-11-22 10:00:00Z",
      "2026-11-22t10:00:00z",
      "2026-11-22T10:00:00.0000Z",
      "2026-02-30T00:00:00Z",
      "2025-02-29T00:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-11-22T24:00:00Z",
      "2026-11-22T23:60:00Z",
      "2026-12-31T23:59:60Z",
      "2026-11-22T10:00:00+15:00",
      "2026-11-22T10:00:00+14:30",
      "2026-11-22T10:00:00+0100",
      "0000-01-01T00:00:00Z",
      "0001-01-01T00:00:00+01:00",
      "9999-12-31T23:59:59-01:00",
      "10000-01-01T00:00:00Z",
      "+010000-01-01T00:00:00.000Z",
      "-000001-01-01T00:00:00.000Z",
      " 2026-11-22T10:00:00Z",
      "2026-11-22T10:00:00Z\n",
      "",
      "Sun, 22 Nov 2026 10:00:00 GMT",
    ]
  ) {
    assert.equal(parseInstant(text), null, text);
  }
});
