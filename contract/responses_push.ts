/**
 * The answers of web push's routes (ADR 0057).
 *
 * @module
 */

/** A device's push subscription as its owner sees it (ADR 0057). */
export interface PushSubscriptionInfo {
  id: string;
  endpoint: string;
  label: string | null;
  createdAt: string;
}

/** `GET /v1/me/push-subscriptions`: the server's VAPID public key and the caller's devices. */
export interface PushSubscriptions {
  publicKey: string;
  items: PushSubscriptionInfo[];
}

/** `DELETE /v1/me/push-subscriptions`: whether a subscription was removed. */
export interface PushRemoved {
  removed: boolean;
}

/** What the caller wants pushed: groups muted, quiet hours (HH:MM in a time zone). */
export interface NotificationSettings {
  mutedGroups: string[];
  quietHours: { start: string; end: string; timeZone: string } | null;
}
