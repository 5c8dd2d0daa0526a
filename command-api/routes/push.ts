/**
 * Web push writes of the caller (ADR 0057): `POST /v1/me/push-subscriptions`
 * (this device; the same endpoint again is the same subscription),
 * `DELETE /v1/me/push-subscriptions` (by endpoint) and `.../{id}`, and
 * `PUT /v1/me/notification-settings` (groups muted, quiet hours). Without
 * VAPID keys every one answers 503 `push.disabled`.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import {
  NotificationSettingsInput,
  PushSubscriptionInput,
  PushUnsubscribeInput,
} from "@kopek/domain";
import { endpointRefusal, subscribe, unsubscribe, writeSettings } from "@kopek/notifier";
import {
  problem,
  ProblemError,
  readJson,
  readOptionalJson,
  type Sql,
  zodProblem,
} from "@kopek/platform";
import type { Limits } from "../rate_limits.ts";

/** What the push routes need; absent: push is off. */
export interface PushDeps {
  readonly sql: Sql;
  /** Whether VAPID keys are configured (else 503 `push.disabled`). */
  readonly enabled: boolean;
  /** `KOPEK_PUSH_ALLOW_PRIVATE=1`: http: and private endpoints (tests). */
  readonly allowPrivate: boolean;
  readonly newId: () => string;
}

async function body<T extends z.ZodType>(c: Context, schema: T, optional = false) {
  const parsed = schema.safeParse(optional ? await readOptionalJson(c) : await readJson(c));
  if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
  return parsed.data as z.infer<T>;
}

/** 503 `push.disabled` when push is off. */
export function requirePush(push: PushDeps | undefined): PushDeps {
  if (!push?.enabled) {
    throw new ProblemError(
      problem(503, "web push is not configured on this server", { code: "push.disabled" }),
    );
  }
  return push;
}

const Id = z.uuid().transform((s) => s.toLowerCase());

/** Mounts the push routes (behind bearer auth). */
export function pushRoutes(deps: { push?: PushDeps; limits: Limits }) {
  const { limits } = deps;
  return (app: Hono) => {
    app.post("/v1/me/push-subscriptions", async (c) => {
      const push = requirePush(deps.push);
      const userId = c.get("userId");
      await limits.hit("writes", userId);
      const input = await body(c, PushSubscriptionInput);
      const refusal = endpointRefusal(input.endpoint, push.allowPrivate);
      if (refusal) {
        throw new ProblemError(
          problem(422, `the endpoint is refused: ${refusal}`, { code: "push.endpoint_refused" }),
        );
      }
      const done = await subscribe(push.sql, userId, push.newId(), input);
      if (done.status === "too_many") {
        throw new ProblemError(
          problem(409, "too many push subscriptions: remove one of another device first", {
            code: "push.too_many",
          }),
        );
      }
      return c.json(done.subscription, 201);
    });

    app.delete("/v1/me/push-subscriptions", async (c) => {
      const push = requirePush(deps.push);
      const userId = c.get("userId");
      await limits.hit("writes", userId);
      const input = await body(c, PushUnsubscribeInput);
      const removed = await unsubscribe(push.sql, userId, { endpoint: input.endpoint });
      return c.json({ removed }, 200);
    });

    app.delete("/v1/me/push-subscriptions/:subscriptionId", async (c) => {
      const push = requirePush(deps.push);
      const userId = c.get("userId");
      await limits.hit("writes", userId);
      await body(c, z.strictObject({}), true);
      const id = Id.safeParse(c.req.param("subscriptionId"));
      if (!id.success || !(await unsubscribe(push.sql, userId, { id: id.data }))) {
        throw new ProblemError(
          problem(404, "no such push subscription of yours", { code: "not_found" }),
        );
      }
      return c.json({ removed: true }, 200);
    });

    app.put("/v1/me/notification-settings", async (c) => {
      const push = requirePush(deps.push);
      const userId = c.get("userId");
      await limits.hit("writes", userId);
      const input = await body(c, NotificationSettingsInput);
      return c.json(await writeSettings(push.sql, userId, input), 200);
    });
  };
}
