/**
 * The route table's account routes: auth, `/v1/me`, the bot's Telegram
 * service routes.
 *
 * @module
 */
import {
  AccountDeleteInput,
  LoginInput,
  PasswordChangeInput,
  ProfileInput,
  RefreshInput,
  RegisterInput,
  TelegramChatsInput,
  TelegramLinkInput,
  TelegramTokenInput,
} from "./schemas.ts";
import { read, type Route, write } from "./route.ts";

/** Accounts, sessions and Telegram links. */
export const ACCOUNT_ROUTES: readonly Route[] = [
  write("post", "/v1/auth/register", {
    summary: "Create an account",
    auth: "none",
    body: RegisterInput,
    ok: 201,
    response: "Session",
    problems: ["user.email_taken"],
  }),
  write("post", "/v1/auth/login", {
    summary: "Sign in",
    auth: "none",
    body: LoginInput,
    response: "Session",
    problems: ["bad_credentials"],
  }),
  write("post", "/v1/auth/refresh", {
    summary: "Rotate a refresh token into a new token pair (a reused one ends its session)",
    auth: "none",
    body: RefreshInput,
    response: "Session",
    problems: ["invalid_refresh_token", "refresh_token_reused"],
  }),
  write("post", "/v1/auth/logout", {
    summary: "End the session of a refresh token",
    auth: "none",
    body: RefreshInput,
    response: "Done",
  }),
  read("/v1/me", { summary: "The signed-in user", response: "Me", etag: true }),
  read("/v1/me/balances", {
    summary: "What the caller owes and is owed across their groups (each group's settle-up " +
      "plan), per person and currency; at most 200 groups are read (`truncated` says more)",
    response: "MeBalances",
    etag: true,
  }),
  write("post", "/v1/me/telegram-link", {
    summary: "A one-time code to send the bot as /start <code>",
    ok: 201,
    response: "TelegramLinkCode",
    problems: ["forbidden"],
  }),
  write("delete", "/v1/me/telegram", {
    summary: "Unlink Telegram",
    response: "Done",
    problems: ["forbidden"],
  }),
  write("put", "/v1/me/password", {
    summary: "Change the password; every other session ends",
    body: PasswordChangeInput,
    response: "Session",
    problems: ["forbidden", "bad_credentials"],
  }),
  write("delete", "/v1/me/sessions", {
    summary: "Sign out everywhere",
    response: "Done",
    problems: ["forbidden"],
  }),
  read("/v1/me/sessions", {
    summary: "The caller's sessions that still work, with their device and last use",
    response: "Page<SessionInfo>",
  }),
  write("delete", "/v1/me/sessions/{sessionId}", {
    summary: "Sign one of the caller's sessions out",
    response: "Done",
    problems: ["forbidden"],
  }),
  write("patch", "/v1/me", {
    summary: "Change the display name and/or the default currency",
    body: ProfileInput,
    response: "User",
    problems: ["forbidden"],
  }),
  write("delete", "/v1/me", {
    summary: "Delete the account (the password again); members become placeholders",
    body: AccountDeleteInput,
    response: "Done",
    problems: ["forbidden", "bad_credentials", "account.owns_group"],
  }),
  read("/v1/me/export", {
    summary: "Everything about the caller as a JSON download (account, sessions, groups, entries)",
    response: "AccountExport",
    responseHeaders: ["Content-Disposition"],
    // A token a bot obtained for the user does not take the whole account out.
    problems: ["forbidden"],
  }),
  write("post", "/v1/telegram/links", {
    summary: "(bot) Redeem a user's link code for a Telegram user",
    auth: "service",
    body: TelegramLinkInput,
    ok: 201,
    response: "TelegramLinked",
    problems: [
      "not_found",
      "telegram.code_used",
      "telegram.linked_elsewhere",
      "telegram.already_linked",
      "telegram.code_expired",
    ],
  }),
  write("post", "/v1/telegram/tokens", {
    summary: "(bot) A short-lived access token for the account a Telegram user linked",
    auth: "service",
    body: TelegramTokenInput,
    response: "TelegramToken",
    problems: ["telegram.not_linked"],
  }),
  write("post", "/v1/telegram/chats", {
    summary: "(bot) Which of a group's members linked Telegram, asked for a linked member",
    auth: "service",
    body: TelegramChatsInput,
    response: "TelegramChats",
    problems: ["not_found", "telegram.not_linked"],
  }),
];
