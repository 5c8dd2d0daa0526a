import assert from "node:assert/strict";
import { type Decider, fold } from "./decider.ts";

const counter: Decider<{ by: number }, { added: number }, number> = {
  decide: (c, s) => (s + c.by > 10 ? [] : [{ added: c.by }]),
  evolve: (s, e) => s + e.added,
  initialState: () => 0,
};

Deno.test("fold() evolves from the initial state, or from the state given", () => {
  assert.equal(fold(counter, [{ added: 2 }, { added: 3 }]), 5);
  assert.equal(fold(counter, [{ added: 2 }], 7), 9);
  assert.equal(fold(counter, []), 0);
});

Deno.test("a decider decides on the folded state", () => {
  assert.deepEqual(counter.decide({ by: 4 }, fold(counter, [{ added: 6 }])), [{ added: 4 }]);
  assert.deepEqual(counter.decide({ by: 5 }, fold(counter, [{ added: 6 }])), []);
});
