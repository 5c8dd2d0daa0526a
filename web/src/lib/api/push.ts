/**
 * Web push on this device (ADR 0057): the browser's `PushManager` and the
 * server's subscriptions and settings. Push needs the service worker, the
 * Push API and the notifications permission; `pushSupport()` says which is
 * missing.
 *
 * @module
 */
import type { NotificationSettings, PushSubscriptions } from "../types.ts";
import { request } from "./client.ts";

/** Whether this browser can take pushes at all. */
export function pushSupported(): boolean {
  return "serviceWorker" in navigator && "PushManager" in globalThis &&
    "Notification" in globalThis;
}

/** The base64url VAPID key as the bytes `PushManager.subscribe` takes. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const raw = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

async function deviceSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.ready;
  return await registration.pushManager.getSubscription();
}

/** `GET /v1/me/push-subscriptions`, and whether this device is one of them. */
export async function pushState(): Promise<
  PushSubscriptions & { thisDevice: boolean }
> {
  const { data } = await request<PushSubscriptions>(
    "/v1/me/push-subscriptions",
  );
  const mine = await deviceSubscription();
  return {
    ...data,
    thisDevice: !!mine && data.items.some((s) => s.endpoint === mine.endpoint),
  };
}

/** Asks for the permission, subscribes this browser and tells the server; false when refused. */
export async function enablePush(publicKey: string): Promise<boolean> {
  if ((await Notification.requestPermission()) !== "granted") return false;
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription() ??
    await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(publicKey),
    });
  await request("/v1/me/push-subscriptions", {
    method: "POST",
    body: subscription.toJSON(),
  });
  return true;
}

/** Stops pushes to this device: at the server, then in the browser. */
export async function disablePush(): Promise<void> {
  const subscription = await deviceSubscription();
  if (!subscription) return;
  await request("/v1/me/push-subscriptions", {
    method: "DELETE",
    body: { endpoint: subscription.endpoint },
  });
  await subscription.unsubscribe();
}

/** `GET /v1/me/notification-settings`. */
export async function notificationSettings(): Promise<NotificationSettings> {
  return (await request<NotificationSettings>("/v1/me/notification-settings"))
    .data;
}

/** `PUT /v1/me/notification-settings` (the whole settings). */
export async function saveNotificationSettings(
  settings: NotificationSettings,
): Promise<NotificationSettings> {
  return (await request<NotificationSettings>("/v1/me/notification-settings", {
    method: "PUT",
    body: settings,
  })).data;
}

/** The settings with one group muted or not. */
export function withMuted(
  settings: NotificationSettings,
  groupId: string,
  muted: boolean,
): NotificationSettings {
  const others = settings.mutedGroups.filter((g) => g !== groupId);
  return { ...settings, mutedGroups: muted ? [...others, groupId] : others };
}
