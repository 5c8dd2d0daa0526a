/**
 * The route table's web push routes (ADR 0057): the caller's devices'
 * subscriptions and notification settings. Without VAPID keys every one
 * answers 503 `push.disabled`.
 *
 * @module
 */
import {
  NotificationSettingsInput,
  PushSubscriptionInput,
  PushUnsubscribeInput,
} from "./schemas.ts";
import { read, type Route, write } from "./route.ts";

/** Push subscriptions and notification settings. */
export const PUSH_ROUTES: readonly Route[] = [
  read("/v1/me/push-subscriptions", {
    summary: "The server's VAPID public key (for PushManager.subscribe) and the caller's " +
      "push subscriptions (at most 20)",
    response: "PushSubscriptions",
    problems: ["push.disabled"],
  }),
  write("post", "/v1/me/push-subscriptions", {
    summary: "Push to this device (its PushSubscription's JSON); the same endpoint again is the " +
      "same subscription",
    body: PushSubscriptionInput,
    ok: 201,
    response: "PushSubscriptionInfo",
    problems: ["push.endpoint_refused", "push.too_many", "push.disabled"],
  }),
  write("delete", "/v1/me/push-subscriptions", {
    summary: "Stop pushing to a device (by its endpoint)",
    body: PushUnsubscribeInput,
    response: "PushRemoved",
    problems: ["push.disabled"],
  }),
  write("delete", "/v1/me/push-subscriptions/{subscriptionId}", {
    summary: "Stop pushing to one of the caller's devices (by id)",
    response: "PushRemoved",
    problems: ["push.disabled"],
  }),
  read("/v1/me/notification-settings", {
    summary: "What the caller wants pushed: groups muted, quiet hours",
    response: "NotificationSettings",
    problems: ["push.disabled"],
  }),
  write("put", "/v1/me/notification-settings", {
    summary:
      "Replace the caller's notification settings (groups muted, quiet hours in a time zone)",
    body: NotificationSettingsInput,
    response: "NotificationSettings",
    problems: ["push.disabled"],
  }),
];
