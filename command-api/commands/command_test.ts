import assert from "node:assert/strict";
import { GroupCreateInput } from "@kopek/domain";
import { ProblemError } from "@kopek/platform";
import { EmptyBody, lastOf, parse, requireId } from "./command.ts";

Deno.test("parse() takes an absent body as empty and refuses null or a bad body with 422", () => {
  assert.deepEqual(parse(EmptyBody, undefined), {});
  assert.throws(() => parse(EmptyBody, null), (e) => e instanceof ProblemError);
  assert.throws(
    () => parse(GroupCreateInput, { name: "Flat" }),
    (e) => e instanceof ProblemError && e.problem.status === 422,
  );
});

Deno.test("requireId() lower-cases a UUID and answers 404 for anything else", () => {
  const id = "0190F2A4-0000-7000-8000-000000000001";
  assert.equal(requireId(id, "group"), id.toLowerCase());
  assert.throws(
    () => requireId("x", "group"),
    (e) => e instanceof ProblemError && e.problem.status === 404,
  );
  assert.throws(() => requireId(null, "member"), ProblemError);
});

Deno.test("lastOf() finds the last event of the types asked", () => {
  const events = [
    { type: "GroupRenamed" as const, data: { name: "a" } },
    { type: "GroupRenamed" as const, data: { name: "b" } },
  ];
  assert.equal(lastOf(events, "GroupRenamed")?.data.name, "b");
  assert.equal(lastOf(events, "GroupCreated"), undefined);
});
