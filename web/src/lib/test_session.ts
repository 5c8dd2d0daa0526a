/**
 * For unit tests over the device's database: a signed-in session whose tokens
 * are fresh (an hour for the access token, a day for the refresh token).
 *
 * @module
 */
import type { Session } from "./types.ts";

/** Ana's session, as `saveSession` keeps it. */
export const testSession: Session = {
  user: { id: "u1", email: "ana@example.test" } as unknown as Session["user"],
  token: "access",
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  refreshToken: "refresh",
  refreshExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
};
