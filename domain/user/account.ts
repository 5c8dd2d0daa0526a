/**
 * The account aggregate: registration and the state login needs.
 *
 * @module
 */
import { z } from "zod";
import { conflict, notFound } from "../errors.ts";
import { Text } from "../shared/schemas.ts";
import { TEXT_LIMITS } from "../shared/limits.ts";
import type { UserEvent } from "./events.ts";

/** Body of `POST /v1/auth/register`. */
export const RegisterInput = z.strictObject({
  email: z.email({ error: "must be an email address" }).max(254),
  password: z.string().min(10, { error: "must be at least 10 characters" }).max(200, {
    error: "must be at most 200 characters",
  }).refine((s) => s.isWellFormed(), {
    // Hashed as UTF-8, a lone surrogate would become U+FFFD: two passwords, one hash.
    error: "must be valid Unicode (it holds a lone surrogate)",
  }),
  displayName: Text(TEXT_LIMITS.displayName),
});

/** Body of `POST /v1/auth/login`. */
export const LoginInput = z.strictObject({
  email: z.string().max(254),
  password: z.string().max(200),
});

/** Body of `POST /v1/auth/refresh` and `POST /v1/auth/logout`. */
export const RefreshInput = z.strictObject({ refreshToken: z.string().max(200) });

/** Body of `PUT /v1/me/password`. */
export const PasswordChangeInput = z.strictObject({
  currentPassword: z.string().max(200),
  newPassword: RegisterInput.shape.password,
});

/** An address in the one form that is compared and claimed. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** What an account is, folded from its stream. */
export interface AccountState {
  readonly exists: boolean;
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
  /** Sessions started before this instant (RFC 3339) no longer work; null: all do. */
  readonly sessionsValidFrom: string | null;
  /** The linked Telegram user, or null. */
  readonly telegramUserId: string | null;
  /** Telegram link codes by digest. */
  readonly linkCodes: ReadonlyMap<string, { readonly expiresAt: string; readonly used: boolean }>;
  /** The currency new groups start with in the apps (ISO 4217), or null. */
  readonly defaultCurrency: string | null;
  /** Sessions started since sessions were indexed in the account's stream, oldest first. */
  readonly sessionIds: readonly string[];
  /** Whether the account was deleted (then `exists` is false and nothing personal is kept). */
  readonly deleted: boolean;
}

/** The state of an account not registered. */
export function initialAccountState(): AccountState {
  return {
    exists: false,
    id: "",
    email: "",
    displayName: "",
    passwordHash: "",
    sessionsValidFrom: null,
    telegramUserId: null,
    linkCodes: new Map(),
    defaultCurrency: null,
    sessionIds: [],
    deleted: false,
  };
}

/** Applies one account event. */
export function evolveAccount(state: AccountState, event: UserEvent): AccountState {
  switch (event.type) {
    case "UserRegistered":
      return {
        ...state,
        exists: true,
        id: event.data.userId,
        email: event.data.email,
        displayName: event.data.displayName,
        passwordHash: event.data.passwordHash,
      };
    case "PasswordChanged":
      return { ...state, passwordHash: event.data.passwordHash, sessionsValidFrom: event.data.at };
    case "SessionsRevoked":
      return { ...state, sessionsValidFrom: event.data.at };
    case "TelegramLinkCodeIssued":
      return {
        ...state,
        linkCodes: new Map(state.linkCodes).set(event.data.codeHash, {
          expiresAt: event.data.expiresAt,
          used: false,
        }),
      };
    case "TelegramLinked": {
      const code = state.linkCodes.get(event.data.codeHash);
      const linkCodes = code
        ? new Map(state.linkCodes).set(event.data.codeHash, { ...code, used: true })
        : state.linkCodes;
      return { ...state, telegramUserId: event.data.telegramUserId, linkCodes };
    }
    case "TelegramUnlinked":
      return { ...state, telegramUserId: null };
    case "ProfileChanged":
      return {
        ...state,
        displayName: event.data.displayName ?? state.displayName,
        defaultCurrency: event.data.defaultCurrency === undefined
          ? state.defaultCurrency
          : event.data.defaultCurrency,
      };
    case "SessionOpened":
      return { ...state, sessionIds: [...state.sessionIds, event.data.sessionId] };
    case "AccountDeleted":
      // Nothing personal survives in the folded state; every session ends.
      return {
        ...initialAccountState(),
        id: state.id,
        deleted: true,
        sessionsValidFrom: event.data.at,
        sessionIds: state.sessionIds,
      };
    case "EmailReleased":
    case "EmailClaimed":
    case "TelegramAccountClaimed":
    case "TelegramAccountReleased":
    case "CodeIssued":
      // Events of the index streams: they say nothing about an account's own state.
      return state;
    default: {
      const unhandled: never = event;
      throw new Error(`unhandled user event ${(unhandled as UserEvent).type}`);
    }
  }
}

/** A password change, with the new password already hashed at the edge. */
export function decidePasswordChange(
  state: AccountState,
  command: { passwordHash: string; at: string },
): UserEvent[] {
  if (!state.exists) throw notFound("account");
  return [{ type: "PasswordChanged", data: command }];
}

/** "Sign out everywhere": every session started before `at` ends. */
export function decideSessionsRevoke(state: AccountState, at: string): UserEvent[] {
  if (!state.exists) throw notFound("account");
  return [{ type: "SessionsRevoked", data: { at } }];
}

/** Who holds an email address, folded from its email stream. */
export function emailHolder(events: readonly UserEvent[]): string | null {
  let holder: string | null = null;
  for (const e of events) {
    if (e.type === "EmailClaimed") holder = e.data.userId;
    else if (e.type === "EmailReleased" && e.data.userId === holder) holder = null;
  }
  return holder;
}

/** A registration, with the password already hashed at the edge. */
export interface RegisterCommand {
  readonly userId: string;
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
}

/** The events of a registration: a claim on the address and the account itself. */
export function decideRegister(
  command: RegisterCommand,
  currentHolder: string | null,
): { email: UserEvent[]; account: UserEvent[] } {
  if (currentHolder !== null) {
    throw conflict("user.email_taken", "an account with this email address already exists");
  }
  const email = normaliseEmail(command.email);
  return {
    email: [{ type: "EmailClaimed", data: { userId: command.userId, email } }],
    account: [{
      type: "UserRegistered",
      data: {
        userId: command.userId,
        email,
        displayName: command.displayName,
        passwordHash: command.passwordHash,
      },
    }],
  };
}
