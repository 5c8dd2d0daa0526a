/**
 * Stream names: one place that says which stream holds which aggregate.
 *
 * @module
 */

/** The stream of a group: the group, its members, expenses and settlements. */
export function groupStream(groupId: string): string {
  return `group-${groupId}`;
}

/** The stream of an account. */
export function userStream(userId: string): string {
  return `user-${userId}`;
}

/** The stream that claims an email address; `digest` is the hex SHA-256 of the normalised address. */
export function emailStream(digest: string): string {
  return `email-${digest}`;
}

/** The stream that claims a Telegram user for one account. */
export function telegramStream(telegramUserId: string): string {
  return `telegram-${telegramUserId}`;
}

/** The stream that says where a one-time code belongs; `digest` is the hex SHA-256 of the code. */
export function codeStream(digest: string): string {
  return `code-${digest}`;
}

/** The stream of one sign-in session (a refresh token family). */
export function sessionStream(sessionId: string): string {
  return `session-${sessionId}`;
}

/** The group id of a group stream, or null for any other stream. */
export function groupIdOfStream(stream: string): string | null {
  return stream.startsWith("group-") ? stream.slice("group-".length) : null;
}
