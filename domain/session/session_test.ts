import assert from "node:assert/strict";
import {
  decideLogout,
  decideRefresh,
  decideSignOut,
  evolveSession,
  initialSessionState,
} from "./session.ts";
import type { SessionEvent } from "./events.ts";

const h = (c: string) => c.repeat(64);
const START = "2026-11-22T10:00:00.000Z";

function session(...events: SessionEvent[]) {
  return [
    {
      type: "SessionStarted",
      data: {
        sessionId: "00000000-0000-4000-8000-000000000001",
        userId: "00000000-0000-4000-8000-000000000002",
        tokenHash: h("a"),
        startedAt: START,
        expiresAt: "2026-12-22T10:00:00.000Z",
        method: "password",
      },
    } as SessionEvent,
    ...events,
  ].reduce(evolveSession, initialSessionState());
}

const refresh = (presented: string, next: string, over: object = {}) => ({
  presented,
  next,
  now: "2026-11-23T10:00:00.000Z",
  expiresAt: "2026-12-23T10:00:00.000Z",
  validFrom: null,
  ...over,
});

Deno.test("the current token rotates once into a new one", () => {
  let s = session();
  const d = decideRefresh(s, refresh(h("a"), h("b")));
  assert.equal(d.outcome, "rotated");
  s = d.events.reduce(evolveSession, s);
  assert.equal(s.current, h("b"));
  assert.equal(decideRefresh(s, refresh(h("b"), h("c"))).outcome, "rotated");
});

Deno.test("a rotated-away token ends the whole family", () => {
  let s = session({ type: "SessionRefreshed", data: { tokenHash: h("b"), expiresAt: START } });
  const d = decideRefresh(s, refresh(h("a"), h("c")));
  assert.equal(d.outcome, "reused");
  s = d.events.reduce(evolveSession, s);
  // The thief's and the owner's newest tokens are both dead now.
  assert.equal(decideRefresh(s, refresh(h("b"), h("d"))).outcome, "refused");
  assert.equal(decideRefresh(s, refresh(h("a"), h("d"))).outcome, "refused");
});

Deno.test("an altered token is refused without ending the session", () => {
  const s = session();
  const d = decideRefresh(s, refresh(h("f"), h("b")));
  assert.deepEqual([d.outcome, d.events], ["refused", []]);
  assert.equal(decideRefresh(s, refresh(h("a"), h("b"))).outcome, "rotated");
});

Deno.test("expired, revoked and logged-out sessions refuse", () => {
  const s = session();
  assert.equal(
    decideRefresh(s, refresh(h("a"), h("b"), { now: "2026-12-22T10:00:00.000Z" })).outcome,
    "refused",
  );
  assert.equal(
    decideRefresh(s, refresh(h("a"), h("b"), { validFrom: "2026-11-22T11:00:00.000Z" })).outcome,
    "refused",
  );
  assert.equal(
    decideRefresh(s, refresh(h("a"), h("b"), { validFrom: "2026-11-22T09:00:00.000Z" })).outcome,
    "rotated",
  );
  const ended = decideLogout(s, h("a")).reduce(evolveSession, s);
  assert.equal(ended.ended, true);
  assert.equal(decideRefresh(ended, refresh(h("a"), h("b"))).outcome, "refused");
  assert.deepEqual(decideLogout(ended, h("a")), []);
  assert.deepEqual(decideLogout(s, h("f")), [], "a wrong token cannot log anyone out");
});

Deno.test("signing a session out from another one ends it once", () => {
  const started: SessionEvent = {
    type: "SessionStarted",
    data: {
      sessionId: "0190a0b0-0000-7000-8000-000000000009",
      userId: "0190a0b0-0000-7000-8000-000000000001",
      tokenHash: "a".repeat(64),
      startedAt: "2026-12-05T10:00:00.000Z",
      expiresAt: "2027-01-05T10:00:00.000Z",
      method: "password",
      userAgent: "Phone/1.0",
    },
  };
  const live = evolveSession(initialSessionState(), started);
  const events = decideSignOut(live);
  assert.deepEqual(events, [{ type: "SessionEnded", data: { reason: "signed-out" } }]);
  const ended = events.reduce(evolveSession, live);
  assert.equal(ended.ended, true);
  assert.deepEqual(decideSignOut(ended), []);
  assert.deepEqual(decideSignOut(initialSessionState()), []);
});
