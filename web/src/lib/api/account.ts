/**
 * The account page's calls: profile, password, sessions, the export and the
 * deletion of the account. What changes the signed-in user updates the
 * session kept in IndexedDB, so every page (the new-group form's currency)
 * follows.
 *
 * @module
 */
import { clearData, db, dropSession, loadSession, saveSession } from "../db.ts";
import type { Session, SessionInfo, User } from "../types.ts";
import { request, requestRaw, withLock } from "./client.ts";

/** Keeps a newer view of the signed-in user in the stored session. */
async function keepUser(user: User): Promise<void> {
  await withLock("kopek-refresh", async () => {
    const s = await loadSession();
    if (s && s.user.id === user.id) await saveSession({ ...s, user: { ...s.user, ...user } });
  });
}

/** `GET /v1/me`: the account as the server has it now (kept in the session too). */
export async function fetchMe(): Promise<User> {
  const { data } = await request<User>("/v1/me");
  await keepUser(data);
  return data;
}

/** `PATCH /v1/me`. */
export async function updateProfile(
  change: { displayName?: string; defaultCurrency?: string | null },
): Promise<User> {
  const { data } = await request<User>("/v1/me", { method: "PATCH", body: change });
  await keepUser(data);
  return data;
}

/** `PUT /v1/me/password`: every other session ends; this device keeps the new one. */
export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  const { data } = await request<Session>("/v1/me/password", {
    method: "PUT",
    body: { currentPassword, newPassword },
  });
  await withLock("kopek-refresh", () => saveSession(data));
}

/** `GET /v1/me/sessions`. */
export async function listSessions(): Promise<SessionInfo[]> {
  const { data } = await request<{ items: SessionInfo[] }>("/v1/me/sessions");
  return data.items;
}

/** `DELETE /v1/me/sessions/{id}`: signs that session out. */
export async function endSession(id: string): Promise<void> {
  await request(`/v1/me/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
}

/** `GET /v1/me/export`: everything about the account, as a file to save. */
export async function exportMyData(): Promise<{ blob: Blob; filename: string }> {
  const res = await requestRaw("/v1/me/export");
  const disposition = res.headers.get("content-disposition") ?? "";
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? "kopek-export.json";
  return { blob: await res.blob(), filename };
}

/** `DELETE /v1/me`: the account is deleted; this device forgets everything of it. */
export async function deleteAccount(password: string): Promise<void> {
  await request("/v1/me", { method: "DELETE", body: { password } });
  await dropSession();
  await clearData();
  await db.kv.delete("owner");
}
