/**
 * The fuzz's web push routes (ADR 0057): Ana's devices and notification
 * settings. Endpoints are https URLs of a public-looking host (never
 * contacted: the fuzz records no expense after them in a group with others'
 * subscriptions that resolve).
 *
 * @module
 */
import fc from "fast-check";
import type { Route } from "./_kit/route.ts";

const endpointArb = fc.constantFrom("a", "b", "c", "d").map((device) =>
  `https://push.example.com/fuzz/${device}`
);
const keysArb = fc.record({
  p256dh: fc.constantFrom("B" + "A".repeat(86), "B" + "_".repeat(86) + "="),
  auth: fc.constantFrom("A".repeat(22), "-".repeat(22) + "=="),
});
const clockArb = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`);

/** The push routes. */
export const PUSH_ROUTES: readonly Route[] = [
  {
    name: "push.subscribe",
    op: "POST /v1/me/push-subscriptions",
    method: "POST",
    path: "/v1/me/push-subscriptions",
    ids: () => [],
    auth: "user",
    zedOk: true,
    body: () =>
      fc.record({
        endpoint: endpointArb,
        keys: keysArb,
        label: fc.option(fc.constantFrom("Phone", "Laptop", "😀"), { nil: undefined }),
      }),
  },
  {
    name: "push.unsubscribe",
    op: "DELETE /v1/me/push-subscriptions",
    method: "DELETE",
    path: "/v1/me/push-subscriptions",
    ids: () => [],
    auth: "user",
    zedOk: true,
    body: () => endpointArb.map((endpoint) => ({ endpoint })),
  },
  {
    name: "push.unsubscribe-id",
    op: "DELETE /v1/me/push-subscriptions/{subscriptionId}",
    method: "DELETE",
    path: "/v1/me/push-subscriptions/{0}",
    ids: () => [crypto.randomUUID()],
    auth: "user",
    zedOk: true,
    bodyless: true,
  },
  {
    name: "push.settings",
    op: "PUT /v1/me/notification-settings",
    method: "PUT",
    path: "/v1/me/notification-settings",
    ids: () => [],
    auth: "user",
    zedOk: true,
    body: (f) =>
      fc.record({
        mutedGroups: fc.subarray([f.g, crypto.randomUUID()]),
        quietHours: fc.option(
          fc.record({
            start: clockArb,
            end: clockArb,
            timeZone: fc.constantFrom("UTC", "Europe/Berlin", "America/New_York"),
          }).filter((q) => q.start !== q.end),
          { nil: null },
        ),
      }),
  },
  {
    name: "GET me/push-subscriptions",
    op: "GET /v1/me/push-subscriptions",
    method: "GET",
    path: "/v1/me/push-subscriptions",
    ids: () => [],
    auth: "user",
    zedOk: true,
    params: [],
  },
  {
    name: "GET me/notification-settings",
    op: "GET /v1/me/notification-settings",
    method: "GET",
    path: "/v1/me/notification-settings",
    ids: () => [],
    auth: "user",
    zedOk: true,
    params: [],
  },
];
