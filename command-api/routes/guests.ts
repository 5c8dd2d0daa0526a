/**
 * The guest routes (ADR 0059): `POST /v1/guest-sessions` (no access token:
 * the link's token is the credential), and for signed-in users
 * `POST|DELETE /v1/groups/{g}/guest-links[/{l}]` and `POST /v1/guest-links/claim`.
 *
 * @module
 */
import type { Hono } from "hono";
import { GuestTokenInput } from "@kopek/domain";
import { guestForbidden, isGuest, readJson, readOptionalJson } from "@kopek/platform";
import type { GuestLinks } from "../guest_links.ts";
import type { Limits } from "../rate_limits.ts";
import { EmptyBody, parse } from "../commands/command.ts";

/** Mounts `POST /v1/guest-sessions`: before the bearer auth. */
export function guestSessionRoutes(deps: { guests: GuestLinks; limits: Limits }) {
  return (app: Hono) => {
    app.post("/v1/guest-sessions", async (c) => {
      await deps.limits.hit("refresh", deps.limits.address(c));
      const { token } = parse(GuestTokenInput, await readJson(c));
      // Counted per link too: one shared link cannot open sessions without bound.
      const linkId = await deps.guests.linkOf(token);
      if (linkId !== null) await deps.limits.hit("guestSessions", linkId);
      return c.json(await deps.guests.open(token), 200);
    });
  };
}

/** Mounts the guest link routes of signed-in users: after the bearer auth and the guest gate. */
export function guestLinkRoutes(deps: { guests: GuestLinks; limits: Limits }) {
  const userOnly = (userId: string) => {
    if (isGuest(userId)) throw guestForbidden();
    return userId;
  };
  return (app: Hono) => {
    app.post("/v1/groups/:g/guest-links", async (c) => {
      const userId = userOnly(c.get("userId"));
      await deps.limits.hit("writes", userId);
      const link = await deps.guests.create(userId, c.req.param("g"), await readJson(c));
      return c.json(link, 201);
    });

    app.delete("/v1/groups/:g/guest-links/:l", async (c) => {
      const userId = userOnly(c.get("userId"));
      await deps.limits.hit("writes", userId);
      parse(EmptyBody, await readOptionalJson(c));
      await deps.guests.revoke(userId, c.req.param("g"), c.req.param("l"));
      return c.json({ revoked: true }, 200);
    });

    app.post("/v1/guest-links/claim", async (c) => {
      const userId = userOnly(c.get("userId"));
      await deps.limits.hit("codes", userId);
      const { token } = parse(GuestTokenInput, await readJson(c));
      return c.json(await deps.guests.claim(userId, token, c.get("requestId")), 200);
    });
  };
}
