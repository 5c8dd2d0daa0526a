import assert from "node:assert/strict";
import { fold } from "../decider.ts";
import type { SessionEvent } from "./events.ts";
import { sessionDecider } from "./decider.ts";

const h = (c: string) => c.repeat(64);
const USER = "00000000-0000-4000-8000-000000000002";
const started = fold(sessionDecider, [{
  type: "SessionStarted",
  data: {
    sessionId: "00000000-0000-4000-8000-000000000001",
    userId: USER,
    tokenHash: h("a"),
    startedAt: "2026-11-22T10:00:00.000Z",
    expiresAt: "2026-12-22T10:00:00.000Z",
    method: "password",
  },
} as SessionEvent]);

Deno.test("sessionDecider signs out only its own user's session", () => {
  const signOut = { type: "session.sign-out" as const };
  assert.deepEqual(
    sessionDecider.decide({ command: signOut, context: { userId: USER } }, started),
    [
      { type: "SessionEnded", data: { reason: "signed-out" } },
    ],
  );
  assert.deepEqual(
    sessionDecider.decide({ command: signOut, context: { userId: "other" } }, started),
    [],
  );
});

Deno.test("sessionDecider rotates, then ends the session when the old token comes back", () => {
  const refresh = (presented: string, next: string) => ({
    command: {
      type: "session.refresh" as const,
      presented,
      next,
      now: "2026-11-23T10:00:00.000Z",
      expiresAt: "2026-12-23T10:00:00.000Z",
      validFrom: null,
    },
    context: { userId: null },
  });
  const rotated = sessionDecider.decide(refresh(h("a"), h("b")), started);
  assert.deepEqual(rotated.map((e) => e.type), ["SessionRefreshed"]);
  const after = fold(sessionDecider, rotated, started);
  assert.deepEqual(sessionDecider.decide(refresh(h("a"), h("c")), after), [
    { type: "SessionEnded", data: { reason: "token-reuse" } },
  ]);
  assert.deepEqual(sessionDecider.decide(refresh(h("z"), h("c")), after), []);
  assert.deepEqual(
    sessionDecider.decide({
      command: { type: "session.logout", presented: h("b") },
      context: { userId: null },
    }, after),
    [{ type: "SessionEnded", data: { reason: "logout" } }],
  );
});
