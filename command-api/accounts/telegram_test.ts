import assert from "node:assert/strict";
import { ProblemError } from "@kopek/platform";
import { accountKit, newEmail } from "./_testing.ts";
import { credentialOperations } from "./credentials.ts";
import { telegramOperations } from "./telegram.ts";

Deno.test("telegramOperations(): a link code links the Telegram user both ways, once; unlinking undoes both", async () => {
  const kit = accountKit();
  const ana = await credentialOperations(kit.streams)
    .register({ email: newEmail(), password: "correct horse", displayName: "Ana" });
  const tg = telegramOperations(kit.streams);
  const { code } = await tg.telegramLinkCode({ userId: ana.id }, 600_000);
  const linked = await tg.linkTelegram(code, "4242", "bot");
  assert.equal(linked.user.id, ana.id);
  assert.equal(await tg.userOfTelegram("4242"), ana.id);
  assert.equal(await tg.telegramOfUser(ana.id), "4242");
  await assert.rejects(
    tg.linkTelegram("not-a-code", "4242", "bot"),
    (e) => e instanceof ProblemError && e.problem.status === 404,
  );
  await tg.unlinkTelegram({ userId: ana.id });
  assert.equal(await tg.userOfTelegram("4242"), null);
  assert.equal(await tg.telegramOfUser(ana.id), null);
});
