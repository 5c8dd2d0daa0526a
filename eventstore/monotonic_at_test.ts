import assert from "node:assert/strict";
import fc from "fast-check";
import { notBefore } from "./monotonic_at.ts";

Deno.test("notBefore() keeps an at that is not earlier than the previous one", () => {
  assert.equal(notBefore("2026-01-01T10:00:00.000Z", null), "2026-01-01T10:00:00.000Z");
  assert.equal(
    notBefore("2026-01-01T10:00:00.001Z", "2026-01-01T10:00:00.000Z"),
    "2026-01-01T10:00:00.001Z",
  );
  // Equal instants written differently: the event's own text stays.
  assert.equal(
    notBefore("2026-01-01T10:00:00Z", "2026-01-01T10:00:00.000Z"),
    "2026-01-01T10:00:00Z",
  );
});

Deno.test("notBefore() takes the previous at, verbatim, for an earlier clock", () => {
  assert.equal(
    notBefore("2026-01-01T09:00:00.000Z", "2026-01-01T10:00:00Z"),
    "2026-01-01T10:00:00Z",
  );
  // Offsets are instants too: 11:00+02:00 is 09:00Z.
  assert.equal(
    notBefore("2026-01-01T11:00:00+02:00", "2026-01-01T09:30:00.000Z"),
    "2026-01-01T09:30:00.000Z",
  );
});

Deno.test("notBefore() leaves an at it cannot compare as given", () => {
  assert.equal(notBefore("not a time", "2026-01-01T10:00:00.000Z"), "not a time");
  // Date.parse reads these; they are not RFC 3339 instants (the projector must see them as sent).
  assert.equal(notBefore("2026", "2026-06-01T10:00:00.000Z"), "2026");
  assert.equal(notBefore("2026-01-01T10:00:00", "2026-06-01T10:00:00.000Z"), "2026-01-01T10:00:00");
  assert.equal(notBefore("2026-01-01T10:00:00.000Z", "garbage"), "2026-01-01T10:00:00.000Z");
});

Deno.test("notBefore() folded over any clocks gives non-decreasing instants, each its own or the one before", () => {
  fc.assert(
    fc.property(
      fc.array(fc.date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) }), {
        maxLength: 50,
      }),
      (clocks) => {
        let previous: string | null = null;
        for (const clock of clocks) {
          const at = notBefore(clock.toISOString(), previous);
          if (previous !== null) assert.ok(Date.parse(at) >= Date.parse(previous));
          assert.ok(at === clock.toISOString() || at === previous);
          previous = at;
        }
      },
    ),
  );
});
