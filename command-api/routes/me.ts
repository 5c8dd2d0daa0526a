/**
 * The caller's own account: `POST /v1/me/telegram-link` (a one-time code for
 * the bot), `DELETE /v1/me/telegram`, `PUT /v1/me/password` and
 * `DELETE /v1/me/sessions` ("sign out everywhere"), `DELETE /v1/me/sessions/{id}`
 * (sign one session out), `PATCH /v1/me` (display name, default currency) and
 * `DELETE /v1/me` (delete the account). A service acting for the user (the
 * bot) may do none of these: they are the user's own.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { z } from "zod";
import { AccountDeleteInput, PasswordChangeInput, ProfileInput } from "@kopek/domain";
import { problem, ProblemError, readJson, readOptionalJson, zodProblem } from "@kopek/platform";
import type { AccountDeletion } from "../account_deletion.ts";
import type { Accounts } from "../accounts.ts";
import type { Limits } from "../rate_limits.ts";
import type { Sessions } from "../sessions.ts";

/** How long a Telegram link code works. */
export const TELEGRAM_LINK_TTL_MS = 10 * 60_000;

const EmptyBody = z.strictObject({});

async function body<T extends z.ZodType>(c: Context, schema: T, optional = false) {
  const parsed = schema.safeParse(optional ? await readOptionalJson(c) : await readJson(c));
  if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
  return parsed.data as z.infer<T>;
}

/** 403 when a service (the bot) acts for the user: what only the user may do. */
export function requireOwnSession(c: Context) {
  if (c.get("via")) {
    throw new ProblemError(
      problem(403, "only the account's owner can do this, not a service acting for them", {
        code: "forbidden",
      }),
    );
  }
}

/** Mounts the routes of the caller's account (behind bearer auth). */
export function meRoutes(
  deps: { accounts: Accounts; sessions: Sessions; limits: Limits; deletion: AccountDeletion },
) {
  const { accounts, sessions, limits, deletion } = deps;
  const SessionId = z.uuid().transform((s) => s.toLowerCase());
  return (app: Hono) => {
    app.post("/v1/me/telegram-link", async (c) => {
      requireOwnSession(c);
      await body(c, EmptyBody, true);
      await limits.hit("writes", c.get("userId"));
      const link = await accounts.telegramLinkCode(
        { userId: c.get("userId") },
        TELEGRAM_LINK_TTL_MS,
      );
      return c.json(link, 201);
    });

    app.delete("/v1/me/telegram", async (c) => {
      requireOwnSession(c);
      await body(c, EmptyBody, true);
      await limits.hit("writes", c.get("userId"));
      await accounts.unlinkTelegram({ userId: c.get("userId") });
      return c.json({ telegram: { linked: false } }, 200);
    });

    app.put("/v1/me/password", async (c) => {
      requireOwnSession(c);
      const userId = c.get("userId");
      await limits.hit("login", `${limits.address(c)} password ${userId}`);
      const input = await body(c, PasswordChangeInput);
      if (!(await accounts.changePassword({ userId }, input.currentPassword, input.newPassword))) {
        throw new ProblemError(
          problem(403, "the current password is wrong", { code: "bad_credentials" }),
        );
      }
      // Every other session ended with the change; this one starts afresh.
      const tokens = await sessions.start(userId, "password-change", c.req.header("User-Agent"));
      return c.json({ user: await accounts.view(userId), ...tokens }, 200);
    });

    app.delete("/v1/me/sessions", async (c) => {
      requireOwnSession(c);
      await body(c, EmptyBody, true);
      await limits.hit("writes", c.get("userId"));
      await accounts.revokeSessions({ userId: c.get("userId") });
      return c.json({ revoked: true }, 200);
    });

    app.delete("/v1/me/sessions/:sessionId", async (c) => {
      requireOwnSession(c);
      await body(c, EmptyBody, true);
      const userId = c.get("userId");
      await limits.hit("writes", userId);
      const id = SessionId.safeParse(c.req.param("sessionId"));
      // Unknown, ended or another user's: one answer, so that nothing is learnt of others.
      if (!id.success || !(await sessions.signOut(userId, id.data))) {
        throw new ProblemError(problem(404, "no such session of yours", { code: "not_found" }));
      }
      return c.json({ ended: true }, 200);
    });

    app.patch("/v1/me", async (c) => {
      requireOwnSession(c);
      const userId = c.get("userId");
      await limits.hit("writes", userId);
      const input = await body(c, ProfileInput);
      return c.json(await accounts.changeProfile({ userId }, input), 200);
    });

    app.delete("/v1/me", async (c) => {
      requireOwnSession(c);
      const userId = c.get("userId");
      await limits.hit("login", `${limits.address(c)} delete ${userId}`);
      const input = await body(c, AccountDeleteInput);
      const position = await deletion.delete(userId, input.password, c.get("requestId") ?? null);
      return c.json({ deleted: true, position }, 200);
    });
  };
}
