/**
 * The account operations around signing in: registration, login, the
 * password, the sessions' validity and the profile.
 *
 * @module
 */
import {
  decideRegister,
  emailHolder,
  emailStream,
  normaliseEmail,
  userStream,
} from "@kopek/domain";
import { hashPassword, sha256Hex, verifyPassword } from "@kopek/platform";
import type { Accounts } from "../accounts.ts";
import { type AccountStreams, readUserEvents, toProblem, viewOf } from "./streams.ts";

/** The account operations of registration, login, password and profile. */
export type CredentialOperations = Pick<
  Accounts,
  | "register"
  | "login"
  | "view"
  | "sessionsValidFrom"
  | "changePassword"
  | "setPassword"
  | "revokeSessions"
  | "changeProfile"
  | "checkPassword"
>;

/** Creates the operations of registration, login, password and profile over the account streams. */
export function credentialOperations(s: AccountStreams): CredentialOperations {
  const { deps, cost, decoy, load, existing, holderOf, append, onAccount } = s;
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
      return viewOf(state);
    },
    async view(userId) {
      return viewOf((await existing(userId)).state);
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
      return viewOf((await existing(by.userId)).state);
    },
    async checkPassword(userId, password) {
      const { state } = await load(userId);
      if (!state.exists) {
        await verifyPassword(password, await decoy);
        return false;
      }
      return await verifyPassword(password, state.passwordHash);
    },
  };
}
