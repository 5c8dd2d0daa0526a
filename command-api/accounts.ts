/**
 * Accounts on the command side: registration, login, password change, "sign
 * out everywhere", Telegram linking, and the look-ups other commands need (a
 * user's display name, the user behind an email address, where a one-time
 * code belongs). Everything reads the account streams straight from the
 * event store, so a user can sign in the moment registration answered.
 *
 * @module
 */
import {
  type AccountCommand,
  accountDecider,
  type AccountState,
  codeStream,
  decideAccountDelete,
  decideRegister,
  decideTelegramLink,
  decideTelegramLinkCode,
  decideTelegramUnlink,
  emailHolder,
  emailStream,
  evolveAccount,
  initialAccountState,
  normaliseEmail,
  parseUserEvent,
  PERSONAL_FIELDS,
  type ProfileInput,
  telegramHolder,
  telegramStream,
  USER_EVENT_SCHEMA_VERSION,
  type UserEvent,
  userStream,
} from "@kopek/domain";
import {
  type AppendRequest,
  type EventStore,
  type NewEvent,
  sealPersonalData,
} from "@kopek/eventstore";
import {
  activeTraceparent,
  codeDigest,
  DEFAULT_PASSWORD_COST,
  hashPassword,
  normaliseCode,
  problem,
  ProblemError,
  sha256Hex,
  verifyPassword,
} from "@kopek/platform";
import type { CommandApiDeps } from "./deps.ts";
import { handle } from "./handle.ts";

/** A registered user as the API shows it. */
export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  /** The currency the apps start new groups with, or null. */
  readonly defaultCurrency: string | null;
}

/** Where a one-time code belongs. */
export interface CodeOwner {
  /** The group (invite) or the user (Telegram link). */
  readonly ownerId: string;
  /** The invite, for an invite code. */
  readonly refId: string | null;
}

/** Who acts: the user, and the service acting for them, if any. */
interface By {
  readonly userId: string;
  readonly via?: string | null;
}

/** Account operations of the command side. */
export interface Accounts {
  register(input: { email: string; password: string; displayName: string }): Promise<UserView>;
  /** The user for a correct email and password, or null (same answer for both mistakes). */
  login(email: string, password: string): Promise<UserView | null>;
  /** The account of a user id, for an answer; 401 when it no longer exists. */
  view(userId: string): Promise<UserView>;
  /** The instant from which the account's sessions are valid (null: all are). */
  sessionsValidFrom(userId: string): Promise<string | null>;
  /** Checks the current password, stores the new one and ends every session; false when wrong. */
  changePassword(by: By, current: string, next: string): Promise<boolean>;
  /** Stores a new password and ends every session, without the current one (a reset by email). */
  setPassword(by: By, next: string): Promise<void>;
  /** Ends every session of the user ("sign out everywhere"). */
  revokeSessions(by: By): Promise<void>;
  /** Changes the display name and/or the default currency; answers the account. */
  changeProfile(by: By, input: ProfileInput): Promise<UserView>;
  /** Whether the password is the account's (false for an account that no longer exists). */
  checkPassword(userId: string, password: string): Promise<boolean>;
  /**
   * Deletes the account: a tombstone in its stream, its email address (and Telegram user)
   * released, every session ended. The caller unlinked its group members first.
   */
  erase(by: By): Promise<number>;
  /** A new one-time Telegram link code, valid for `ttlMs`. */
  telegramLinkCode(by: By, ttlMs: number): Promise<{ code: string; expiresAt: string }>;
  /** Redeems a link code for a Telegram user; answers the linked account. */
  linkTelegram(
    code: string,
    telegramUserId: string,
    via: string,
  ): Promise<{ user: UserView; position: number }>;
  /** Unlinks the user's Telegram account (nothing to do when none is linked). */
  unlinkTelegram(by: By): Promise<void>;
  /** The account a Telegram user is linked to, or null. */
  userOfTelegram(telegramUserId: string): Promise<string | null>;
  /** The Telegram user an account is linked to, or null (none, or no such account). */
  telegramOfUser(userId: string): Promise<string | null>;
  displayName(userId: string): Promise<string>;
  userIdByEmail(email: string): Promise<string | null>;
  /** Where a code (by digest) of this kind belongs, or null when no such code was issued. */
  codeOwner(digest: string, kind: "invite" | "telegram-link"): Promise<CodeOwner | null>;
}

async function readUserEvents(store: EventStore, stream: string): Promise<UserEvent[]> {
  const events = await store.readStream(stream);
  return events.map((e) => parseUserEvent(e.type, e.schemaVersion, e.data));
}

function toProblem(e: unknown, status: number, message: string, code: string): never {
  if ((e as { code?: string }).code === "eventstore.version_conflict") {
    throw new ProblemError(problem(status, message, { code }));
  }
  throw e;
}

/**
 * The id of the user who holds an email address, or null. `store` may be the plain event store
 * (the CLI's `kopek import --owner`): the claim is read through the sealing wrapper (ADR 0044),
 * which opens its sealed version-2 events (wrapping a wrapped store changes nothing).
 */
export async function userIdOfEmail(store: EventStore, email: string): Promise<string | null> {
  const stream = emailStream(sha256Hex(normaliseEmail(email)));
  return emailHolder(await readUserEvents(sealPersonalData(store, PERSONAL_FIELDS), stream));
}

/** Creates the account operations. */
export function createAccounts(deps: CommandApiDeps): Accounts {
  const cost = deps.passwordCost ?? DEFAULT_PASSWORD_COST;
  const codes = deps.codes;
  // A real hash to verify against when the email is unknown, so both mistakes take as long.
  const decoy = hashPassword(crypto.randomUUID(), cost);

  async function load(userId: string): Promise<{ state: AccountState; version: number }> {
    const events = await deps.store.readStream(userStream(userId));
    const state = events.map((e) => parseUserEvent(e.type, e.schemaVersion, e.data))
      .reduce(evolveAccount, initialAccountState());
    return { state, version: events.at(-1)?.version ?? 0 };
  }

  async function existing(userId: string) {
    const loaded = await load(userId);
    if (!loaded.state.exists) {
      throw new ProblemError(
        problem(401, "the account no longer exists", { code: "unauthenticated" }),
      );
    }
    return loaded;
  }

  function holderOf(email: string): Promise<string | null> {
    return userIdOfEmail(deps.store, email);
  }

  function toNew(events: readonly UserEvent[], by: By, commandId: string): NewEvent[] {
    const at = deps.now().toISOString();
    // Traced: the write's trace context, as group events keep it (ADR 0037).
    const traceparent = activeTraceparent();
    return events.map((e) => ({
      id: deps.newId(),
      type: e.type,
      schemaVersion: USER_EVENT_SCHEMA_VERSION,
      data: e.data,
      metadata: {
        actor: by.userId,
        commandId,
        at,
        ...(by.via ? { via: by.via } : {}),
        ...(traceparent ? { traceparent } : {}),
      },
    }));
  }

  /** Appends to several streams in one transaction, with one command id; answers the position. */
  async function append(
    by: By,
    requests: { stream: string; expectedVersion: number; events: readonly UserEvent[] }[],
  ) {
    const commandId = deps.newId();
    const nonEmpty: AppendRequest[] = requests.filter((r) => r.events.length > 0).map((r) => ({
      stream: r.stream,
      expectedVersion: r.expectedVersion,
      events: toNew(r.events, by, commandId),
    }));
    if (nonEmpty.length === 0) return 0;
    const { position } = await deps.store.append(nonEmpty);
    deps.onAppended?.();
    return position;
  }

  /** Handles a command on the user's own account (which must exist) through the one handler. */
  async function onAccount(by: By, command: AccountCommand): Promise<void> {
    const done = await handle(deps.store, userStream(by.userId), accountDecider, {
      command,
      context: by,
    }, {
      parse: (e) => parseUserEvent(e.type, e.schemaVersion, e.data),
      toNew: (events) => toNew(events, by, deps.newId()),
      load: async () => ({ ...await existing(by.userId), position: 0, fresh: true }),
      maxAttempts: 5,
    });
    if (done.result !== null) deps.onAppended?.();
  }

  const view = (s: AccountState): UserView => ({
    id: s.id,
    email: s.email,
    displayName: s.displayName,
    defaultCurrency: s.defaultCurrency,
  });

  return {
    async register(input) {
      const userId = deps.newId();
      const email = normaliseEmail(input.email);
      // An address is claimed again after its account was deleted: expect the stream's head.
      const emailEvents = await readUserEvents(deps.store, emailStream(sha256Hex(email)));
      const holder = emailHolder(emailEvents);
      const passwordHash = await hashPassword(input.password, cost);
      const decided = decideRegister(
        { userId, email, displayName: input.displayName, passwordHash },
        holder,
      );
      try {
        await append({ userId }, [
          {
            stream: emailStream(sha256Hex(email)),
            expectedVersion: emailEvents.length,
            events: decided.email,
          },
          { stream: userStream(userId), expectedVersion: 0, events: decided.account },
        ]);
      } catch (e) {
        // The new id's data key (made for the append) seals nothing stored.
        await deps.store.keys?.forget(userId);
        toProblem(e, 409, "an account with this email address already exists", "user.email_taken");
      }
      return { id: userId, email, displayName: input.displayName, defaultCurrency: null };
    },
    async login(email, password) {
      const userId = await holderOf(email);
      const state = userId ? (await load(userId)).state : null;
      if (!state?.exists) {
        await verifyPassword(password, await decoy);
        return null;
      }
      if (!(await verifyPassword(password, state.passwordHash))) return null;
      return view(state);
    },
    async view(userId) {
      return view((await existing(userId)).state);
    },
    async sessionsValidFrom(userId) {
      return (await existing(userId)).state.sessionsValidFrom;
    },
    async changePassword(by, current, next) {
      const { state } = await existing(by.userId);
      if (!(await verifyPassword(current, state.passwordHash))) return false;
      await this.setPassword(by, next);
      return true;
    },
    async setPassword(by, next) {
      const passwordHash = await hashPassword(next, cost);
      const at = deps.now().toISOString();
      await onAccount(by, { type: "password.change", passwordHash, at });
      deps.onSessionsEnded?.({ userId: by.userId, sessionId: null });
    },
    async revokeSessions(by) {
      const at = deps.now().toISOString();
      await onAccount(by, { type: "sessions.revoke", at });
      deps.onSessionsEnded?.({ userId: by.userId, sessionId: null });
    },
    async changeProfile(by, input) {
      await onAccount(by, { type: "profile.change", input });
      return view((await existing(by.userId)).state);
    },
    async checkPassword(userId, password) {
      const { state } = await load(userId);
      if (!state.exists) {
        await verifyPassword(password, await decoy);
        return false;
      }
      return await verifyPassword(password, state.passwordHash);
    },
    async erase(by) {
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
    },
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
      return { user: view(state), position };
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
    async displayName(userId) {
      return (await existing(userId)).state.displayName;
    },
    userIdByEmail: holderOf,
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
