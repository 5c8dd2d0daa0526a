/**
 * Accounts and sessions: register, sign in, sign out (this device or everywhere).
 *
 * @module
 */
import { clearData, db, dropSession, loadSession, saveSession } from "../db.ts";
import type { Session } from "../types.ts";
import { request, withLock } from "./client.ts";
import { NetworkError } from "./errors.ts";

/** `POST /v1/auth/register`, then keeps the session. */
export async function register(email: string, password: string, displayName: string): Promise<Session> {
  const { data } = await request<Session>("/v1/auth/register", {
    method: "POST",
    auth: false,
    body: { email, password, displayName },
  });
  await saveSession(data);
  return data;
}

/** `POST /v1/auth/login`, then keeps the session. */
export async function login(email: string, password: string): Promise<Session> {
  const { data } = await request<Session>("/v1/auth/login", {
    method: "POST",
    auth: false,
    body: { email, password },
  });
  await saveSession(data);
  return data;
}

/**
 * Signs out on this device: ends the session on the server (best effort: an
 * offline device forgets its tokens anyway) and drops the tokens, the cache
 * and the outbox.
 */
export async function logout(): Promise<void> {
  await withLock("kopek-refresh", async () => {
    const s = await loadSession();
    if (s) {
      try {
        await request("/v1/auth/logout", {
          method: "POST",
          auth: false,
          body: { refreshToken: s.refreshToken },
        });
      } catch (e) {
        if (!(e instanceof NetworkError)) console.warn("logout", e);
      }
    }
    await dropSession();
  });
  await clearData();
  await db.kv.delete("owner");
}

/** `DELETE /v1/me/sessions` (every session of the account ends), then signs out here. */
export async function logoutEverywhere(): Promise<void> {
  await request("/v1/me/sessions", { method: "DELETE" });
  await dropSession();
  await clearData();
  await db.kv.delete("owner");
}
