/**
 * The VAPID keys (ADR 0057): from the configuration, else (the all-in-one)
 * generated once with `web-push` and kept in the data folder like the JWT
 * secret. Without both keys push is off: the routes answer 503
 * `push.disabled` and the notifier sends nothing.
 *
 * @module
 */
import webpush from "web-push";
import type { Vapid } from "./send.ts";

/** The variables of the VAPID keys. */
export interface VapidVariables {
  readonly KOPEK_VAPID_PUBLIC_KEY?: string;
  readonly KOPEK_VAPID_PRIVATE_KEY?: string;
  readonly KOPEK_VAPID_SUBJECT?: string;
}

/** The keys of the configuration, or null when push is off (either key missing). */
export function vapidOf(config: VapidVariables): Vapid | null {
  if (!config.KOPEK_VAPID_PUBLIC_KEY || !config.KOPEK_VAPID_PRIVATE_KEY) return null;
  return {
    publicKey: config.KOPEK_VAPID_PUBLIC_KEY,
    privateKey: config.KOPEK_VAPID_PRIVATE_KEY,
    subject: config.KOPEK_VAPID_SUBJECT ?? "mailto:admin@localhost",
  };
}

/** A new pair of VAPID keys (base64url), as `kopek vapid-keys` prints them. */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}
