/**
 * The account operations of Telegram linking: issuing a one-time link code,
 * redeeming it, unlinking, and the look-ups both ways (and of where a
 * one-time code belongs).
 *
 * @module
 */
import {
  codeStream,
  decideTelegramLink,
  decideTelegramLinkCode,
  decideTelegramUnlink,
  parseUserEvent,
  telegramHolder,
  telegramStream,
  userStream,
} from "@kopek/domain";
import { codeDigest, normaliseCode, problem, ProblemError } from "@kopek/platform";
import type { Accounts } from "../accounts.ts";
import { type AccountStreams, readUserEvents, toProblem, viewOf } from "./streams.ts";

/** The account operations of Telegram linking and one-time codes. */
export type TelegramOperations = Pick<
  Accounts,
  | "telegramLinkCode"
  | "linkTelegram"
  | "unlinkTelegram"
  | "userOfTelegram"
  | "telegramOfUser"
  | "codeOwner"
>;

/** Creates the operations of Telegram linking and one-time codes over the account streams. */
export function telegramOperations(s: AccountStreams): TelegramOperations {
  const { deps, load, existing, append } = s;
  const codes = deps.codes;
  return {
    async telegramLinkCode(by, ttlMs) {
      const code = codes.random();
      const codeHash = codeDigest(code);
      const expiresAt = new Date(deps.now().getTime() + ttlMs).toISOString();
      const { state, version } = await existing(by.userId);
      const decided = decideTelegramLinkCode(state, { codeHash, expiresAt });
      await append(by, [
        { stream: userStream(by.userId), expectedVersion: version, events: decided.account },
        { stream: codeStream(codeHash), expectedVersion: 0, events: decided.index },
      ]).catch((e) => toProblem(e, 409, "the account changed meanwhile: try again", "conflict"));
      return { code, expiresAt };
    },
    async linkTelegram(rawCode, telegramUserId, via) {
      const code = normaliseCode(rawCode);
      const owner = code ? await this.codeOwner(codeDigest(code), "telegram-link") : null;
      if (!code || !owner) {
        throw new ProblemError(problem(404, "link code not found", { code: "not_found" }));
      }
      const by = { userId: owner.ownerId, via };
      const { state, version } = await existing(owner.ownerId);
      const tgEvents = await deps.store.readStream(telegramStream(telegramUserId));
      const holder = telegramHolder(
        tgEvents.map((e) => parseUserEvent(e.type, e.schemaVersion, e.data)),
      );
      const decided = decideTelegramLink(state, {
        codeHash: codeDigest(code),
        telegramUserId,
        now: deps.now().toISOString(),
      }, holder);
      const position = await append(by, [
        { stream: userStream(owner.ownerId), expectedVersion: version, events: decided.account },
        {
          stream: telegramStream(telegramUserId),
          expectedVersion: tgEvents.length,
          events: decided.index,
        },
      ]).catch((e) => toProblem(e, 409, "the link changed meanwhile: try again", "conflict"));
      return { user: viewOf(state), position };
    },
    async unlinkTelegram(by) {
      const { state, version } = await existing(by.userId);
      const decided = decideTelegramUnlink(state);
      if (decided.account.length === 0) return;
      const tgStream = telegramStream(state.telegramUserId!);
      const tgVersion = (await deps.store.readStream(tgStream)).length;
      await append(by, [
        { stream: userStream(by.userId), expectedVersion: version, events: decided.account },
        { stream: tgStream, expectedVersion: tgVersion, events: decided.index },
      ]).catch((e) => toProblem(e, 409, "the link changed meanwhile: try again", "conflict"));
    },
    async userOfTelegram(telegramUserId) {
      const events = await readUserEvents(deps.store, telegramStream(telegramUserId));
      return telegramHolder(events);
    },
    async telegramOfUser(userId) {
      return (await load(userId)).state.telegramUserId;
    },
    async codeOwner(digest, kind) {
      for (const e of await readUserEvents(deps.store, codeStream(digest))) {
        if (e.type === "CodeIssued" && e.data.kind === kind) {
          return { ownerId: e.data.ownerId, refId: e.data.refId };
        }
      }
      return null;
    },
  };
}
