import assert from "node:assert/strict";
import { createStreamSlots } from "./slots.ts";

Deno.test("stream slots: a user's cap, then the instance's; a slot given back frees it once", () => {
  const slots = createStreamSlots({ perUser: 2, total: 3 });
  const a1 = slots.take("ana");
  const a2 = slots.take("ana");
  assert.equal(typeof a1, "function");
  assert.equal(typeof a2, "function");
  assert.equal(slots.take("ana"), "user");
  const b1 = slots.take("ben");
  assert.equal(typeof b1, "function");
  // The instance is full: even a user under their own cap is refused.
  assert.equal(slots.take("cy"), "total");
  assert.equal(slots.open, 3);
  (a1 as () => void)();
  (a1 as () => void)();
  assert.equal(slots.open, 2);
  assert.equal(slots.of("ana"), 1);
  assert.equal(typeof slots.take("cy"), "function");
  assert.equal(slots.take("ana"), "total");
  (b1 as () => void)();
  assert.equal(slots.of("ben"), 0);
  assert.equal(typeof slots.take("ana"), "function");
  assert.equal(slots.of("ana"), 2);
});
