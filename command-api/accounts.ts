/**
 * Accounts on the command side: registration, login, and the look-ups other
 * commands need (a user's display name, the user behind an email address).
 * Everything reads the account streams straight from the event store, so a
 * user can sign in the moment registration answered.
 *
 * @module
 */
import {
  type AccountState,
  decideRegister,
  emailHolder,
  emailStream,
  evolveAccount,
  initialAccountState,
  normaliseEmail,
  parseUserEvent,
  USER_EVENT_SCHEMA_VERSION,
  type UserEvent,
  userStream,
} from "@kopek/domain";
import type { EventStore, NewEvent } from "@kopek/eventstore";
import {
  DEFAULT_PASSWORD_COST,
  hashPassword,
  problem,
  ProblemError,
  verifyPassword,
} from "@kopek/platform";
import type { CommandApiDeps } from "./deps.ts";

/** A registered user as the API shows it. */
export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
}

/** Account operations of the command side. */
export interface Accounts {
  register(input: { email: string; password: string; displayName: string }): Promise<UserView>;
  /** The user for a correct email and password, or null (same answer for both mistakes). */
  login(email: string, password: string): Promise<UserView | null>;
  displayName(userId: string): Promise<string>;
  userIdByEmail(email: string): Promise<string | null>;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)),
  );
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function readUserEvents(store: EventStore, stream: string): Promise<UserEvent[]> {
  const events = await store.readStream(stream);
  return events.map((e) => parseUserEvent(e.type, e.schemaVersion, e.data));
}

/** Creates the account operations. */
export function createAccounts(deps: CommandApiDeps): Accounts {
  const cost = deps.passwordCost ?? DEFAULT_PASSWORD_COST;
  // A real hash to verify against when the email is unknown, so both mistakes take as long.
  const decoy = hashPassword(crypto.randomUUID(), cost);

  async function account(userId: string): Promise<AccountState> {
    const events = await readUserEvents(deps.store, userStream(userId));
    return events.reduce(evolveAccount, initialAccountState());
  }

  async function holderOf(email: string): Promise<string | null> {
    const stream = emailStream(await sha256Hex(normaliseEmail(email)));
    return emailHolder(await readUserEvents(deps.store, stream));
  }

  function toNew(events: UserEvent[], actor: string, commandId: string): NewEvent[] {
    const at = deps.now().toISOString();
    return events.map((e) => ({
      id: deps.newId(),
      type: e.type,
      schemaVersion: USER_EVENT_SCHEMA_VERSION,
      data: e.data,
      metadata: { actor, commandId, at },
    }));
  }

  return {
    async register(input) {
      const userId = deps.newId();
      const email = normaliseEmail(input.email);
      const holder = await holderOf(email);
      const passwordHash = await hashPassword(input.password, cost);
      const decided = decideRegister(
        { userId, email, displayName: input.displayName, passwordHash },
        holder,
      );
      const commandId = deps.newId();
      try {
        await deps.store.append([
          {
            stream: emailStream(await sha256Hex(email)),
            expectedVersion: 0,
            events: toNew(decided.email, userId, commandId),
          },
          {
            stream: userStream(userId),
            expectedVersion: 0,
            events: toNew(decided.account, userId, commandId),
          },
        ]);
      } catch (e) {
        if ((e as { code?: string }).code === "eventstore.version_conflict") {
          throw new ProblemError(
            problem(409, "an account with this email address already exists", {
              code: "user.email_taken",
            }),
          );
        }
        throw e;
      }
      return { id: userId, email, displayName: input.displayName };
    },
    async login(email, password) {
      const userId = await holderOf(email);
      const state = userId ? await account(userId) : null;
      if (!state?.exists) {
        await verifyPassword(password, await decoy);
        return null;
      }
      if (!(await verifyPassword(password, state.passwordHash))) return null;
      return { id: state.id, email: state.email, displayName: state.displayName };
    },
    async displayName(userId) {
      const state = await account(userId);
      if (!state.exists) {
        throw new ProblemError(
          problem(401, "the account no longer exists", { code: "unauthenticated" }),
        );
      }
      return state.displayName;
    },
    userIdByEmail: holderOf,
  };
}
