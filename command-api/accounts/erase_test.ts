import assert from "node:assert/strict";
import { ProblemError } from "@kopek/platform";
import { accountKit, newEmail } from "./_testing.ts";
import { credentialOperations } from "./credentials.ts";
import { eraseAccount } from "./erase.ts";

Deno.test("eraseAccount() ends every session and releases the email address for a new account", async () => {
  const kit = accountKit();
  const ops = credentialOperations(kit.streams);
  const email = newEmail();
  const ana = await ops.register({ email, password: "correct horse", displayName: "Ana" });
  assert.ok(await eraseAccount(kit.streams, { userId: ana.id }) > 0);
  assert.deepEqual(kit.ended, [{ userId: ana.id, sessionId: null }]);
  assert.equal(await ops.login(email, "correct horse"), null);
  await assert.rejects(
    eraseAccount(kit.streams, { userId: ana.id }),
    (e) => e instanceof ProblemError && e.problem.status === 401,
  );
  const again = await ops.register({ email, password: "another horse", displayName: "Ana" });
  assert.notEqual(again.id, ana.id);
  assert.equal(await kit.streams.holderOf(email), again.id);
});
