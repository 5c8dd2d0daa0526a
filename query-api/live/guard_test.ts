import assert from "node:assert/strict";
import type { Role, SessionStanding } from "@kopek/domain";
import { accessEnd, createStreamGuard, sessionEnd } from "./guard.ts";

const ROLES: Role[] = ["owner", "admin", "member", "auditor", "viewer"];

Deno.test("accessEnd() ends the stream of a removed member and keeps every reading role", () => {
  assert.equal(accessEnd(null), "removed");
  for (const role of ROLES) assert.equal(accessEnd(role), null, role);
});

Deno.test("sessionEnd() ends the stream of any session that is not live", () => {
  const standings: SessionStanding[] = ["live", "unknown", "ended", "revoked"];
  assert.deepEqual(standings.map(sessionEnd), [
    null,
    "session_ended",
    "session_ended",
    "session_ended",
  ]);
});

Deno.test("createStreamGuard() checks the session at most every sessionCheckMs unless told", async () => {
  let clock = new Date("2026-11-22T12:00:00Z");
  let reads = 0;
  let standing: SessionStanding = "live";
  const guard = createStreamGuard({
    principal: {
      userId: "u",
      via: null,
      sessionId: "s",
      expiresAt: new Date("2026-11-22T12:15:00Z"),
    },
    roleOf: () => Promise.resolve("viewer"),
    session: {
      standing: () => {
        reads++;
        return Promise.resolve(standing);
      },
    },
    sessionCheckMs: 60_000,
    now: () => clock,
  });
  assert.equal(await guard.session(false), null);
  assert.equal(reads, 1, "the first check reads");
  standing = "revoked";
  clock = new Date("2026-11-22T12:00:59Z");
  assert.equal(await guard.session(false), null, "not yet due: no read");
  assert.equal(reads, 1);
  assert.equal(await guard.session(true), "session_ended", "an announcement forces a read");
  clock = new Date("2026-11-22T12:02:00Z");
  assert.equal(await guard.session(false), "session_ended", "due again");
  assert.equal(reads, 3);

  assert.equal(guard.expired(), false);
  clock = new Date("2026-11-22T12:14:59.999Z");
  assert.equal(guard.expired(), false);
  clock = new Date("2026-11-22T12:15:00Z");
  assert.equal(guard.expired(), true, "at exp");
  assert.equal(await guard.access(), null);
});

Deno.test("createStreamGuard() has no session to check for a token without one (the bot's)", async () => {
  const guard = createStreamGuard({
    principal: { userId: "u", via: "telegram-bot", sessionId: null, expiresAt: new Date(0) },
    roleOf: () => Promise.resolve(null),
    session: null,
    sessionCheckMs: 0,
    now: () => new Date(0),
  });
  assert.equal(await guard.session(true), null);
  assert.equal(await guard.access(), "removed");
  assert.equal(guard.expired(), true);
});
