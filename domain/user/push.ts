/**
 * The bodies of the web push routes (ADR 0057): a device's subscription (as
 * the browser's `PushSubscription.toJSON()` gives it) and the user's
 * notification settings. Every field is bounded: the endpoint is a URL the
 * user chooses and the notifier will POST to (the address checks are the
 * notifier's, `notifier/endpoint_guard.ts`).
 *
 * @module
 */
import { z } from "zod";
import { Text } from "../shared/schemas.ts";

/** The longest endpoint accepted (push services' are about 200 to 500 characters). */
export const PUSH_ENDPOINT_MAX = 2000;
/** At most this many groups muted. */
export const MUTED_GROUPS_MAX = 500;

const PushEndpoint = z.string().max(PUSH_ENDPOINT_MAX, {
  error: `must be at most ${PUSH_ENDPOINT_MAX} characters`,
}).refine((s) => URL.canParse(s) && /^https?:$/.test(new URL(s).protocol), {
  error: "must be an http(s) URL",
});

/** Body of `POST /v1/me/push-subscriptions`. */
export const PushSubscriptionInput = z.strictObject({
  endpoint: PushEndpoint,
  // Base64url (padding allowed): a P-256 point (65 bytes) and a 16-byte secret.
  keys: z.strictObject({
    p256dh: z.string().regex(/^B[A-Za-z0-9_-]{86}=?$/, {
      error: "must be the base64url of an uncompressed P-256 public key (65 bytes)",
    }),
    auth: z.string().regex(/^[A-Za-z0-9_-]{22}(==)?$/, {
      error: "must be the base64url of 16 bytes",
    }),
  }),
  // `toJSON()` has it: accepted and ignored.
  expirationTime: z.number().nullable().optional(),
  label: Text(100).nullable().optional(),
});
/** Body of `POST /v1/me/push-subscriptions`. */
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;

/** Body of `DELETE /v1/me/push-subscriptions`: the device's endpoint. */
export const PushUnsubscribeInput = z.strictObject({ endpoint: PushEndpoint });

const Clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, { error: "must be HH:MM" });
const TimeZone = z.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, { error: "must be an IANA time zone" });

/** Body of `PUT /v1/me/notification-settings` (the whole settings). */
export const NotificationSettingsInput = z.strictObject({
  mutedGroups: z.array(z.uuid()).max(MUTED_GROUPS_MAX, {
    error: `must be at most ${MUTED_GROUPS_MAX} groups`,
  }),
  quietHours: z.strictObject({ start: Clock, end: Clock, timeZone: TimeZone })
    .refine((q) => q.start !== q.end, { error: "start and end must differ" })
    .nullable(),
});
/** Body of `PUT /v1/me/notification-settings`. */
export type NotificationSettingsInput = z.infer<typeof NotificationSettingsInput>;
