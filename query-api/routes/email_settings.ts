/**
 * `GET /v1/me/email-settings` (ADR 0060): whether this server sends email
 * (`KOPEK_SMTP_URL`) and the caller's weekly summary opt-in. The caller's
 * own row only.
 *
 * @module
 */
import type { Hono } from "hono";
import { createMailSettings } from "@kopek/mail";
import type { QueryApiDeps } from "../deps.ts";
import { parseQuery } from "../_http.ts";

/** Mounts `GET /v1/me/email-settings`. */
export function emailSettingsRoutes(deps: QueryApiDeps) {
  const settings = createMailSettings(deps.sql);
  return (app: Hono) => {
    app.get("/v1/me/email-settings", async (c) => {
      parseQuery(c, {});
      const mine = await settings.get(c.get("userId"));
      return c.json({ enabled: deps.mailEnabled ?? false, ...mine }, 200);
    });
  };
}
