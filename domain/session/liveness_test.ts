import assert from "node:assert/strict";
import fc from "fast-check";
import type { SessionEvent } from "./events.ts";
import { evolveSessionFacts, initialSessionFacts, revokedBy, sessionStanding } from "./liveness.ts";
import { decideLogout, decideRefresh, evolveSession, initialSessionState } from "./session.ts";

const h = (c: string) => c.repeat(64);
const USER = "00000000-0000-4000-8000-000000000002";
const OTHER = "00000000-0000-4000-8000-000000000003";
const START = "2026-11-22T10:00:00.000Z";

const started: SessionEvent = {
  type: "SessionStarted",
  data: {
    sessionId: "00000000-0000-4000-8000-000000000001",
    userId: USER,
    tokenHash: h("a"),
    startedAt: START,
    expiresAt: "2026-12-22T10:00:00.000Z",
    method: "password",
  },
};

const fold = (...events: SessionEvent[]) => events.reduce(evolveSession, initialSessionState());

Deno.test("sessionStanding() is live for a started session of the token's user", () => {
  const s = fold(started);
  assert.equal(sessionStanding(s, { userId: USER, validFrom: null }), "live");
  const refreshed = fold(started, {
    type: "SessionRefreshed",
    data: { tokenHash: h("b"), expiresAt: "2026-12-23T10:00:00.000Z" },
  });
  assert.equal(sessionStanding(refreshed, { userId: USER, validFrom: null }), "live");
});

Deno.test("sessionStanding() names why a session no longer stands", () => {
  assert.equal(
    sessionStanding(initialSessionState(), { userId: USER, validFrom: null }),
    "unknown",
  );
  assert.equal(
    sessionStanding(fold(started), { userId: OTHER, validFrom: null }),
    "unknown",
    "another user's session is no session of this token",
  );
  const s = fold(started);
  assert.equal(
    sessionStanding(fold(started, ...decideLogout(s, h("a"))), { userId: USER, validFrom: null }),
    "ended",
  );
  const reused = fold(started, { type: "SessionEnded", data: { reason: "token-reuse" } });
  assert.equal(sessionStanding(reused, { userId: USER, validFrom: null }), "ended");
  // Sign out everywhere or a password change after the start revokes it; one before does not.
  assert.equal(
    sessionStanding(s, { userId: USER, validFrom: "2026-11-22T10:00:00.001Z" }),
    "revoked",
  );
  assert.equal(
    sessionStanding(s, { userId: USER, validFrom: START }),
    "live",
    "started at that instant",
  );
  assert.equal(sessionStanding(s, { userId: USER, validFrom: "2026-11-22T09:59:59.999Z" }), "live");
});

Deno.test("revokedBy() compares instants, not strings, and revokes what it cannot read", () => {
  assert.equal(revokedBy("2026-11-22T10:00:00Z", "2026-11-22T10:00:00.000Z"), false);
  assert.equal(revokedBy("2026-11-22T11:00:00+01:00", "2026-11-22T10:00:00.001Z"), true);
  assert.equal(revokedBy(START, null), false);
  assert.equal(revokedBy("garbage", START), true);
  assert.equal(revokedBy(START, "garbage"), true);
});

Deno.test("sessionStanding() is live exactly when the session's current token would refresh", () => {
  const instant = fc.integer({ min: 0, max: 10_000 }).map((s) =>
    new Date(Date.parse(START) + (s - 5_000) * 1000).toISOString()
  );
  const step = fc.constantFrom("refresh", "logout", "reuse");
  fc.assert(
    fc.property(fc.array(step, { maxLength: 8 }), fc.option(instant), (steps, validFrom) => {
      const events: SessionEvent[] = [started];
      let s = fold(started);
      let n = 0;
      for (const st of steps) {
        const next = h(String.fromCharCode(98 + (n++ % 20)));
        const presented = st === "reuse" ? [...s.previous][0] : s.current;
        if (presented === undefined || presented === null) continue;
        const decided = st === "logout" ? decideLogout(s, presented) : decideRefresh(s, {
          presented,
          next,
          now: START,
          expiresAt: "2026-12-22T10:00:00.000Z",
          validFrom: null,
        }).events;
        // An ended session gets no further event: what lets readers skip to its last one.
        if (s.ended) assert.deepEqual(decided, []);
        events.push(...decided);
        s = decided.reduce(evolveSession, s);
      }
      const whole = events.reduce(evolveSessionFacts, initialSessionFacts());
      const ends = [events[0], ...events.slice(1).slice(-1)]
        .reduce(evolveSessionFacts, initialSessionFacts());
      assert.deepEqual(ends, whole, "the first and the last event say all the rule reads");
      assert.deepEqual(whole, {
        exists: s.exists,
        userId: s.userId,
        startedAt: s.startedAt,
        ended: s.ended,
      });
      const refresh = decideRefresh(s, {
        presented: s.current ?? h("f"),
        next: h("e"),
        now: START,
        expiresAt: "2026-12-22T10:00:00.000Z",
        validFrom,
      });
      const live = sessionStanding(whole, { userId: USER, validFrom }) === "live";
      assert.equal(live, refresh.outcome === "rotated");
    }),
  );
});
