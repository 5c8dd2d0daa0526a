/**
 * The caller's account, read straight from its streams: `GET /v1/me`,
 * `GET /v1/me/sessions` (the sessions that still work) and
 * `GET /v1/me/export` (everything about the caller, as a JSON download).
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { forbidden } from "@kopek/domain";
import type { QueryApiDeps } from "../deps.ts";
import { jsonWithEtag, notFound, parseQuery } from "../_http.ts";
import { listSessions, loadAccount } from "../account_sessions.ts";
import { exportAccount } from "../account_export.ts";

function currentSession(c: Context): string | null {
  return c.get("principal")?.sessionId ?? null;
}

/** Sessions and the export are the account owner's, like the account writes: not the bot's. */
function requireOwnSession(c: Context) {
  if (c.get("via")) {
    throw forbidden("only the account's owner can do this, not a service acting for them");
  }
}

/** Mounts the routes of the caller's account. */
export function meRoutes(deps: QueryApiDeps) {
  return (app: Hono) => {
    app.get("/v1/me", async (c) => {
      parseQuery(c, {});
      const state = await loadAccount(deps.store, c.get("userId"));
      if (!state.exists) throw notFound("account");
      return await jsonWithEtag(c, {
        id: state.id,
        email: state.email,
        displayName: state.displayName,
        defaultCurrency: state.defaultCurrency,
        telegram: { linked: state.telegramUserId !== null },
      });
    });

    app.get("/v1/me/sessions", async (c) => {
      parseQuery(c, {});
      requireOwnSession(c);
      const state = await loadAccount(deps.store, c.get("userId"));
      if (!state.exists) throw notFound("account");
      const items = await listSessions(deps.store, state, {
        currentSessionId: currentSession(c),
        now: deps.now?.() ?? new Date(),
      });
      return c.json({ items, nextCursor: null });
    });

    app.get("/v1/me/export", async (c) => {
      parseQuery(c, {});
      requireOwnSession(c);
      const now = deps.now?.() ?? new Date();
      const doc = await exportAccount(deps, c.get("userId"), {
        currentSessionId: currentSession(c),
        now,
      });
      if (!doc) throw notFound("account");
      const day = now.toISOString().slice(0, 10);
      c.header("Content-Disposition", `attachment; filename="kopek-export-${day}.json"`);
      c.header("Cache-Control", "no-store");
      return c.json(doc);
    });
  };
}
