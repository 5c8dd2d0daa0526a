import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { evolveAccount, initialAccountState } from "./account.ts";
import type { UserEvent } from "./events.ts";
import {
  decideTelegramLink,
  decideTelegramLinkCode,
  decideTelegramUnlink,
  telegramHolder,
} from "./telegram.ts";

const USER = "00000000-0000-4000-8000-000000000001";
const OTHER = "00000000-0000-4000-8000-000000000002";
const CODE = "c".repeat(64);
const NOW = "2026-11-22T12:00:00.000Z";

function account(...events: UserEvent[]) {
  return [
    {
      type: "UserRegistered",
      data: { userId: USER, email: "ana@example.com", displayName: "Ana", passwordHash: "x" },
    } as UserEvent,
    ...events,
  ].reduce(evolveAccount, initialAccountState());
}

function refused(f: () => unknown, code: string) {
  assert.throws(f, (e) => e instanceof DomainError && e.code === code);
}

const issued: UserEvent = {
  type: "TelegramLinkCodeIssued",
  data: { codeHash: CODE, expiresAt: "2026-11-22T12:10:00.000Z" },
};

Deno.test("a link code links once, before it expires", () => {
  const code = decideTelegramLinkCode(account(), issued.data as never);
  assert.equal(code.index[0].type, "CodeIssued");
  let s = account(...code.account);
  assert.throws(
    () =>
      decideTelegramLink(s, {
        codeHash: CODE,
        telegramUserId: "42",
        now: "2026-11-22T12:10:00.000Z",
      }, null),
    (e) => e instanceof DomainError && e.kind === "gone",
  );
  const linked = decideTelegramLink(s, { codeHash: CODE, telegramUserId: "42", now: NOW }, null);
  assert.deepEqual(linked.index, [{ type: "TelegramAccountClaimed", data: { userId: USER } }]);
  s = linked.account.reduce(evolveAccount, s);
  assert.equal(s.telegramUserId, "42");
  refused(
    () => decideTelegramLink(s, { codeHash: CODE, telegramUserId: "42", now: NOW }, USER),
    "telegram.code_used",
  );
});

Deno.test("a Telegram user belongs to one account at a time", () => {
  const s = account(issued);
  refused(
    () => decideTelegramLink(s, { codeHash: CODE, telegramUserId: "42", now: NOW }, OTHER),
    "telegram.linked_elsewhere",
  );
  const linkedTo7 = account(issued, {
    type: "TelegramLinked",
    data: { telegramUserId: "7", codeHash: "d".repeat(64) },
  });
  refused(
    () => decideTelegramLink(linkedTo7, { codeHash: CODE, telegramUserId: "42", now: NOW }, null),
    "telegram.already_linked",
  );
  refused(
    () => decideTelegramLink(s, { codeHash: "e".repeat(64), telegramUserId: "42", now: NOW }, null),
    "not_found",
  );
});

Deno.test("unlinking releases the Telegram user", () => {
  const s = account(issued, {
    type: "TelegramLinked",
    data: { telegramUserId: "42", codeHash: CODE },
  });
  const out = decideTelegramUnlink(s);
  assert.equal(
    telegramHolder([
      { type: "TelegramAccountClaimed", data: { userId: USER } },
      ...out.index,
    ]),
    null,
  );
  assert.equal(out.account.reduce(evolveAccount, s).telegramUserId, null);
  assert.deepEqual(decideTelegramUnlink(account()), { account: [], index: [] });
});
