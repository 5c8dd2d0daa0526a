/**
 * Deleting an account: a tombstone in its stream, its email address (and
 * Telegram user) released, its personal data shredded, every session ended.
 *
 * @module
 */
import { decideAccountDelete, emailStream, telegramStream, userStream } from "@kopek/domain";
import { sha256Hex } from "@kopek/platform";
import type { AccountStreams, By } from "./streams.ts";

/**
 * Deletes the account of `by` and answers the position of the tombstone; tries again (up to
 * five times) when one of its streams moved meanwhile. The caller unlinked its group members
 * first.
 */
export async function eraseAccount(s: AccountStreams, by: By): Promise<number> {
  const { deps, existing, append } = s;
  let position = 0;
  for (let attempt = 1;; attempt++) {
    const { state, version } = await existing(by.userId);
    const decided = decideAccountDelete(state, deps.now().toISOString());
    const emailAt = emailStream(sha256Hex(state.email));
    const tgAt = state.telegramUserId ? telegramStream(state.telegramUserId) : null;
    try {
      position = await append(by, [
        { stream: userStream(by.userId), expectedVersion: version, events: decided.account },
        {
          stream: emailAt,
          expectedVersion: await deps.store.streamVersion(emailAt),
          events: decided.email,
        },
        ...(tgAt
          ? [{
            stream: tgAt,
            expectedVersion: await deps.store.streamVersion(tgAt),
            events: decided.telegram,
          }]
          : []),
      ]);
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== "eventstore.version_conflict" || attempt >= 5) {
        throw e;
      }
    }
  }
  // Crypto-shredding (ADR 0044): without the key, the personal fields sealed in the
  // account's events read as erased. After the tombstone: a failure here leaves an
  // account that is deleted but not yet shredded, and is logged as an error (5xx).
  await deps.store.keys?.forget(by.userId);
  deps.onSessionsEnded?.({ userId: by.userId, sessionId: null });
  return position;
}
