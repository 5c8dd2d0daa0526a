import assert from "node:assert/strict";
import type { GroupEvent } from "./events.ts";
import { ignoreEvents } from "./ignore_events.ts";

const renamed: GroupEvent = { type: "GroupRenamed", data: { name: "Trip" } };

Deno.test("ignoreEvents passes a listed event type and throws on another", () => {
  ignoreEvents(renamed, ["GroupRenamed", "GroupCurrencyChanged"], "a test switch");
  const handled = ["GroupCurrencyChanged"] as const;
  // A cast past the compiler: the run-time check still catches it.
  assert.throws(
    () => ignoreEvents(renamed as never, handled, "a test switch"),
    /a test switch has no case for GroupRenamed/,
  );
});

Deno.test("ignoreEvents does not compile while the list leaves out a type the switch left", () => {
  const e = renamed as GroupEvent;
  if (e.type === "GroupRenamed" || e.type === "GroupCurrencyChanged") {
    // @ts-expect-error GroupCurrencyChanged is neither handled nor listed
    ignoreEvents(e, ["GroupRenamed"], "a test switch");
  }
});
