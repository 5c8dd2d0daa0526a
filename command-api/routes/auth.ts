/**
 * The routes that need no access token: `POST /v1/auth/register`,
 * `/login`, `/refresh` and `/logout`. Each is rate limited by address (and
 * login by address and account).
 *
 * @module
 */
import type { Hono } from "hono";
import type { z } from "zod";
import { LoginInput, normaliseEmail, RefreshInput, RegisterInput } from "@kopek/domain";
import { problem, ProblemError, readJson, zodProblem } from "@kopek/platform";
import type { Accounts } from "../accounts.ts";
import type { Limits } from "../rate_limits.ts";
import type { Sessions } from "../sessions.ts";

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
  return parsed.data;
}

/** Mounts the account routes. */
export function authRoutes(deps: { accounts: Accounts; sessions: Sessions; limits: Limits }) {
  const { accounts, sessions, limits } = deps;
  return (app: Hono) => {
    app.post("/v1/auth/register", async (c) => {
      await limits.hit("register", limits.address(c));
      const input = parse(RegisterInput, await readJson(c));
      const user = await accounts.register(input);
      const tokens = await sessions.start(user.id, "registration", c.req.header("User-Agent"));
      return c.json({ user, ...tokens }, 201);
    });

    app.post("/v1/auth/login", async (c) => {
      const address = limits.address(c);
      await limits.hit("loginPerAddress", address);
      const input = parse(LoginInput, await readJson(c));
      // Counted before the password is checked: over the limit, no guess is even tried.
      await limits.hit("login", `${address} ${normaliseEmail(input.email)}`);
      const user = await accounts.login(input.email, input.password);
      if (!user) {
        throw new ProblemError(
          problem(401, "the email address or the password is wrong", { code: "bad_credentials" }),
        );
      }
      const tokens = await sessions.start(user.id, "password", c.req.header("User-Agent"));
      return c.json({ user, ...tokens }, 200);
    });

    app.post("/v1/auth/refresh", async (c) => {
      await limits.hit("refresh", limits.address(c));
      const input = parse(RefreshInput, await readJson(c));
      const { userId, tokens } = await sessions.refresh(input.refreshToken);
      return c.json({ user: await accounts.view(userId), ...tokens }, 200);
    });

    app.post("/v1/auth/logout", async (c) => {
      await limits.hit("refresh", limits.address(c));
      const input = parse(RefreshInput, await readJson(c));
      await sessions.logout(input.refreshToken);
      return c.json({ loggedOut: true }, 200);
    });
  };
}
