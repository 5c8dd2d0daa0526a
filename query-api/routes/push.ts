/**
 * Web push reads of the caller (ADR 0057): `GET /v1/me/push-subscriptions`
 * (the server's VAPID public key, for `PushManager.subscribe`, and the
 * caller's devices) and `GET /v1/me/notification-settings`. Without VAPID
 * keys both answer 503 `push.disabled`.
 *
 * @module
 */
import type { Hono } from "hono";
import { listSubscriptions, readSettings } from "@kopek/notifier";
import { problem, ProblemError } from "@kopek/platform";
import type { QueryApiDeps } from "../deps.ts";
import { parseQuery } from "../_http.ts";

function publicKeyOf(deps: QueryApiDeps): string {
  if (!deps.vapidPublicKey) {
    throw new ProblemError(
      problem(503, "web push is not configured on this server", { code: "push.disabled" }),
    );
  }
  return deps.vapidPublicKey;
}

/** Mounts the push reads. */
export function pushRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/me/push-subscriptions", async (c) => {
      parseQuery(c, {});
      const publicKey = publicKeyOf(deps);
      const items = await listSubscriptions(deps.sql, c.get("userId"));
      return c.json({ publicKey, items }, 200);
    });

    app.get("/v1/me/notification-settings", async (c) => {
      parseQuery(c, {});
      publicKeyOf(deps);
      return c.json(await readSettings(deps.sql, c.get("userId")), 200);
    });
  };
}
