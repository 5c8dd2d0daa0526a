import assert from "node:assert/strict";
import { DomainError } from "@kopek/domain";
import { accountKit, newEmail } from "./_testing.ts";
import { credentialOperations } from "./credentials.ts";

Deno.test("credentialOperations(): a registered user signs in; a wrong password and an unknown email both answer null", async () => {
  const ops = credentialOperations(accountKit().streams);
  const email = newEmail();
  const user = await ops.register({ email, password: "correct horse", displayName: "Ana" });
  assert.deepEqual(await ops.login(email.toUpperCase(), "correct horse"), user);
  assert.equal(await ops.login(email, "wrong horse"), null);
  assert.equal(await ops.login(newEmail(), "correct horse"), null);
  assert.equal(await ops.checkPassword(user.id, "correct horse"), true);
  assert.equal(await ops.checkPassword(crypto.randomUUID(), "correct horse"), false);
});

Deno.test("credentialOperations().register() refuses an email address already taken as a conflict, user.email_taken", async () => {
  const ops = credentialOperations(accountKit().streams);
  const email = newEmail();
  await ops.register({ email, password: "correct horse", displayName: "Ana" });
  await assert.rejects(
    ops.register({ email, password: "another horse", displayName: "Bob" }),
    (e) => e instanceof DomainError && e.kind === "conflict" && e.code === "user.email_taken",
  );
});

Deno.test("credentialOperations().changePassword() checks the current password, then ends every session", async () => {
  const kit = accountKit();
  const ops = credentialOperations(kit.streams);
  const email = newEmail();
  const user = await ops.register({ email, password: "correct horse", displayName: "Ana" });
  assert.equal(await ops.changePassword({ userId: user.id }, "wrong horse", "new horse"), false);
  assert.deepEqual(kit.ended, []);
  assert.equal(await ops.changePassword({ userId: user.id }, "correct horse", "new horse"), true);
  assert.deepEqual(kit.ended, [{ userId: user.id, sessionId: null }]);
  assert.equal(await ops.login(email, "correct horse"), null);
  assert.equal((await ops.login(email, "new horse"))?.id, user.id);
});
