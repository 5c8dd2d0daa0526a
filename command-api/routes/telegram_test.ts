import assert from "node:assert/strict";
import { createTokenIssuer } from "@kopek/platform";
import {
  createMemoryCommandApi,
  requestApp,
  type TestAnswer,
  type TestUser,
} from "../_memory_testing.ts";
import { TELEGRAM_BOT } from "./telegram.ts";

const BOT_KEY = "bot-service-key-0123456789";
const tokens = createTokenIssuer({ secret: "command-api-test-secret-0123456789abcdef" });

function botApi() {
  const api = createMemoryCommandApi({ botApiKey: BOT_KEY, tokens });
  const bot = (path: string, body: unknown, key: string | null = BOT_KEY) =>
    requestApp(api.app, key, "POST", path, body);
  /** Links the user to a Telegram user through a code, as the bot does. */
  async function link(user: TestUser, telegramUserId: number): Promise<TestAnswer> {
    const { body } = await user.send("POST", "/v1/me/telegram-link");
    return bot("/v1/telegram/links", { code: body.code, telegramUserId });
  }
  return { api, bot, link };
}

function assertProblem(answer: TestAnswer, status: number, code: string) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.body.code, code, answer.text);
  assert.equal(typeof answer.body.title, "string");
}

Deno.test("POST /v1/telegram/links redeems a code once: 201 the user, linked, and the position", async () => {
  const { api, bot, link } = botApi();
  const ana = await api.user("Ana");
  const { body } = await ana.send("POST", "/v1/me/telegram-link");
  const linked = await bot("/v1/telegram/links", { code: body.code, telegramUserId: 4242 });
  assert.equal(linked.status, 201, linked.text);
  assert.deepEqual(linked.body.user, { id: ana.id, displayName: "Ana" });
  assert.deepEqual(linked.body.telegram, { linked: true });
  assert.equal(linked.body.position, await api.store.headPosition());
  assert.equal(linked.headers.get("kopek-position"), String(linked.body.position));
  const again = await bot("/v1/telegram/links", { code: body.code, telegramUserId: 4242 });
  assertProblem(again, 409, "telegram.code_used");
  assertProblem(
    await bot("/v1/telegram/links", { code: "NO-SUCH-CODE", telegramUserId: 7 }),
    404,
    "not_found",
  );
  // Another account's code for a Telegram user linked already.
  const bo = await api.user("Bo");
  assertProblem(await link(bo, 4242), 409, "telegram.linked_elsewhere");
});

Deno.test("POST /v1/telegram/tokens answers a token acting for the linked user only", async () => {
  const { api, bot, link } = botApi();
  const ana = await api.user("Ana");
  assertProblem(
    await bot("/v1/telegram/tokens", { telegramUserId: 4242 }),
    404,
    "telegram.not_linked",
  );
  await link(ana, 4242);
  const issued = await bot("/v1/telegram/tokens", { telegramUserId: 4242 });
  assert.equal(issued.status, 200, issued.text);
  assert.equal(issued.body.userId, ana.id);
  assert.ok(Date.parse(issued.body.expiresAt) > Date.now());
  const principal = await tokens.verify(issued.body.token);
  assert.equal(principal?.userId, ana.id);
  assert.equal(principal?.via, TELEGRAM_BOT);
  // Once unlinked, no more tokens.
  await ana.send("DELETE", "/v1/me/telegram");
  assertProblem(
    await bot("/v1/telegram/tokens", { telegramUserId: 4242 }),
    404,
    "telegram.not_linked",
  );
});

Deno.test("POST /v1/telegram/chats answers the linked active members among userIds, only to a member", async () => {
  const { api, bot, link } = botApi();
  const [ana, bo, cy, dee] = await Promise.all(["Ana", "Bo", "Cy", "Dee"].map((n) => api.user(n)));
  const group = await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" });
  const groupId = group.body.id;
  const invite = await ana.send("POST", `/v1/groups/${groupId}/invites`, { role: "member" });
  const joined = await bo.send("POST", `/v1/invites/${invite.body.code}/accept`);
  assert.equal(joined.status, 200, joined.text);
  await link(ana, 1);
  await link(bo, 2);
  await link(cy, 3); // linked, but not in the group
  // dee is in no group and not linked.
  const chats = await bot("/v1/telegram/chats", {
    telegramUserId: 1,
    groupId: groupId.toUpperCase(),
    userIds: [bo.id, bo.id, cy.id, dee.id, ana.id],
  });
  assert.equal(chats.status, 200, chats.text);
  assert.deepEqual(chats.body, {
    chats: [{ userId: bo.id, telegramUserId: 2 }, { userId: ana.id, telegramUserId: 1 }],
  });
  // Cy is not a member: one answer for that and for a group that does not exist.
  for (const g of [groupId, crypto.randomUUID()]) {
    assertProblem(
      await bot("/v1/telegram/chats", { telegramUserId: 3, groupId: g, userIds: [ana.id] }),
      404,
      "not_found",
    );
  }
  assertProblem(
    await bot("/v1/telegram/chats", { telegramUserId: 99, groupId, userIds: [] }),
    404,
    "telegram.not_linked",
  );
});

Deno.test("the bot's routes need its service key: none, another or a user's token is 401 with WWW-Authenticate", async () => {
  const { api, bot } = botApi();
  const ana = await api.user("Ana");
  for (const key of [null, "wrong-key", ana.token, BOT_KEY + "x"]) {
    for (const path of ["/v1/telegram/links", "/v1/telegram/tokens", "/v1/telegram/chats"]) {
      const answer = await bot(path, { telegramUserId: 1 }, key);
      assertProblem(answer, 401, "unauthenticated");
      assert.match(answer.headers.get("www-authenticate") ?? "", /kopek-bot/);
    }
  }
  // A server without a key configured answers 401 to any key.
  const keyless = createMemoryCommandApi();
  const answer = await requestApp(keyless.app, "", "POST", "/v1/telegram/tokens", {
    telegramUserId: 1,
  });
  assertProblem(answer, 401, "unauthenticated");
  const withSomeKey = await requestApp(keyless.app, BOT_KEY, "POST", "/v1/telegram/tokens", {
    telegramUserId: 1,
  });
  assertProblem(withSomeKey, 401, "unauthenticated");
});

Deno.test("bad input to the bot's routes is a 4xx problem, never a 5xx", async () => {
  const { bot } = botApi();
  const cases: [string, unknown][] = [
    ["/v1/telegram/links", { code: "x" }],
    ["/v1/telegram/links", { code: "x".repeat(65), telegramUserId: 1 }],
    ["/v1/telegram/tokens", { telegramUserId: "1" }],
    ["/v1/telegram/tokens", { telegramUserId: -5 }],
    ["/v1/telegram/tokens", { telegramUserId: 1.5 }],
    ["/v1/telegram/chats", { telegramUserId: 1, groupId: "nope", userIds: [] }],
    ["/v1/telegram/chats", { telegramUserId: 1, groupId: crypto.randomUUID(), userIds: ["x"] }],
    ["/v1/telegram/tokens", { telegramUserId: 1, extra: true }],
  ];
  for (const [path, body] of cases) {
    assertProblem(await bot(path, body), 422, "validation");
  }
});
