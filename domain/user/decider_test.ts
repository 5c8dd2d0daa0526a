import assert from "node:assert/strict";
import { fold } from "../decider.ts";
import { DomainError } from "../errors.ts";
import { accountDecider } from "./decider.ts";

const USER = "00000000-0000-4000-8000-000000000002";
const context = { userId: USER };
const registered = fold(accountDecider, [{
  type: "UserRegistered",
  data: { userId: USER, email: "ana@example.com", displayName: "Ana", passwordHash: "h" },
}]);

Deno.test("accountDecider changes a password, a profile and the sessions' start", () => {
  const at = "2026-12-05T10:00:00.000Z";
  const changed = accountDecider.decide({
    command: { type: "password.change", passwordHash: "h2", at },
    context,
  }, registered);
  assert.deepEqual(changed, [{ type: "PasswordChanged", data: { passwordHash: "h2", at } }]);
  assert.equal(fold(accountDecider, changed, registered).sessionsValidFrom, at);
  assert.deepEqual(
    accountDecider.decide({ command: { type: "sessions.revoke", at }, context }, registered),
    [{ type: "SessionsRevoked", data: { at } }],
  );
  const profile = { type: "profile.change" as const, input: { displayName: "Ana" } };
  assert.deepEqual(accountDecider.decide({ command: profile, context }, registered), []);
});

Deno.test("accountDecider refuses an account that does not exist", () => {
  assert.throws(
    () =>
      accountDecider.decide(
        { command: { type: "sessions.revoke", at: "2026-12-05T10:00:00.000Z" }, context },
        accountDecider.initialState(),
      ),
    (e) => e instanceof DomainError && e.kind === "not_found",
  );
});
