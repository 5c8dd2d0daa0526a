import assert from "node:assert/strict";
import { decideRegister, emailHolder, evolveAccount, initialAccountState } from "./account.ts";
import type { UserEvent } from "./events.ts";
import { decideAccountDelete, decideProfileChange, ProfileInput } from "./profile.ts";

const USER = "0190a0b0-0000-7000-8000-000000000001";
const AT = "2026-12-05T10:00:00.000Z";

function registered() {
  const { email, account } = decideRegister(
    { userId: USER, email: "Ana@Example.com", displayName: "Ana", passwordHash: "h" },
    null,
  );
  return { email, state: account.reduce(evolveAccount, initialAccountState()) };
}

Deno.test("profile: only what changes is recorded; a currency must be ISO 4217", () => {
  const { state } = registered();
  assert.deepEqual(decideProfileChange(state, { displayName: "Ana" }), []);
  const events = decideProfileChange(state, { displayName: "Ana B.", defaultCurrency: "JPY" });
  assert.deepEqual(events, [{
    type: "ProfileChanged",
    data: { displayName: "Ana B.", defaultCurrency: "JPY" },
  }]);
  const after = events.reduce(evolveAccount, state);
  assert.deepEqual([after.displayName, after.defaultCurrency], ["Ana B.", "JPY"]);
  const cleared = decideProfileChange(after, { defaultCurrency: null }).reduce(
    evolveAccount,
    after,
  );
  assert.deepEqual([cleared.displayName, cleared.defaultCurrency], ["Ana B.", null]);
  assert.equal(ProfileInput.safeParse({}).success, false);
  assert.equal(ProfileInput.safeParse({ defaultCurrency: "XYZ" }).success, false);
  assert.equal(ProfileInput.safeParse({ defaultCurrency: "eur" }).success, false);
  assert.equal(ProfileInput.safeParse({ email: "x@y.z" }).success, false);
});

Deno.test("deletion: nothing personal in the folded state, sessions end, the address is free", () => {
  const { email, state } = registered();
  const decided = decideAccountDelete(state, AT);
  const after = decided.account.reduce(evolveAccount, state);
  assert.equal(after.exists, false);
  assert.equal(after.deleted, true);
  assert.deepEqual([after.email, after.displayName, after.passwordHash], ["", "", ""]);
  assert.equal(after.sessionsValidFrom, AT);
  assert.equal(emailHolder([...email, ...decided.email] as UserEvent[]), null);
  assert.deepEqual(decided.telegram, []);
  assert.throws(() => decideAccountDelete(after, AT));
});
