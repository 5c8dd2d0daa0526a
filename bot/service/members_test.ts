import assert from "node:assert/strict";
import type { Member } from "./kopek_api.ts";
import { isEveryone, resolveNames } from "./members.ts";

const member = (id: string, name: string, active = true): Member => ({
  id,
  name,
  userId: null,
  role: "member",
  active,
});
const ana = member("m1", "Ana");
const bob1 = member("m2", "Bob");
const bob2 = member("m3", "Bob");
const gone = member("m4", "Chen", false);
const group = [ana, bob1, bob2, gone];

Deno.test("resolveNames() maps a unique name to its id, asks about a shared one, names a missing one", () => {
  const one = resolveNames(group, ["Ana"], {});
  assert.ok("idOf" in one);
  assert.equal(one.idOf("Ana"), "m1");
  const two = resolveNames(group, ["Ana", "Bob"], {});
  assert.ok("ambiguous" in two);
  assert.equal(two.ambiguous, "Bob");
  assert.deepEqual(two.candidates.map((x) => x.id), ["m2", "m3"]);
  const picked = resolveNames(group, ["Ana", "Bob"], { Bob: "m3" });
  assert.ok("idOf" in picked);
  assert.equal(picked.idOf("Bob"), "m3");
  assert.deepEqual(resolveNames(group, ["Chen"], {}), { missing: "Chen" }, "inactive: missing");
  assert.deepEqual(resolveNames(group, ["Zed"], {}), { missing: "Zed" });
  // A pick of a member no longer of that name (or gone) is asked again.
  assert.ok("ambiguous" in resolveNames(group, ["Bob"], { Bob: "m1" }));
});

Deno.test("isEveryone() is true for all the active members' names, duplicates included", () => {
  const active = [ana, bob1, bob2];
  assert.ok(isEveryone(["Ana", "Bob", "Bob"], active));
  assert.ok(isEveryone(["Bob", "Ana", "Bob"], active));
  assert.ok(!isEveryone(["Ana", "Bob"], active));
  assert.ok(!isEveryone(["Ana", "Bob", "Ana"], active));
});
