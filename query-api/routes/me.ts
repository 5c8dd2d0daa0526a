/**
 * `GET /v1/me`: the caller's account, read straight from its stream.
 *
 * @module
 */
import type { Hono } from "hono";
import { evolveAccount, initialAccountState, parseUserEvent, userStream } from "@kopek/domain";
import type { QueryApiDeps } from "../deps.ts";
import { jsonWithEtag, notFound, parseQuery } from "../_http.ts";

/** Mounts `GET /v1/me`. */
export function meRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/me", async (c) => {
      parseQuery(c, {});
      const userId = c.get("userId");
      let state = initialAccountState();
      for (const e of await deps.store.readStream(userStream(userId))) {
        state = evolveAccount(state, parseUserEvent(e.type, e.schemaVersion, e.data));
      }
      if (!state.exists) throw notFound("account");
      return await jsonWithEtag(c, {
        id: state.id,
        email: state.email,
        displayName: state.displayName,
        telegram: { linked: state.telegramUserId !== null },
      });
    });
  };
}
