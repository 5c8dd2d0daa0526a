/**
 * `POST /v1/auth/register` and `POST /v1/auth/login`.
 *
 * @module
 */
import type { Hono } from "hono";
import { LoginInput, RegisterInput } from "@kopek/domain";
import { problem, ProblemError, readJson, type TokenIssuer, zodProblem } from "@kopek/platform";
import type { Accounts } from "../accounts.ts";

/** Mounts the account routes. */
export function authRoutes(deps: { accounts: Accounts; tokens: TokenIssuer }) {
  return (app: Hono) => {
    app.post("/v1/auth/register", async (c) => {
      const parsed = RegisterInput.safeParse(await readJson(c));
      if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
      const user = await deps.accounts.register(parsed.data);
      const { token, expiresAt } = await deps.tokens.issue(user.id);
      return c.json({ user, token, expiresAt: expiresAt.toISOString() }, 201);
    });

    app.post("/v1/auth/login", async (c) => {
      const parsed = LoginInput.safeParse(await readJson(c));
      if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
      const user = await deps.accounts.login(parsed.data.email, parsed.data.password);
      if (!user) {
        throw new ProblemError(
          problem(401, "the email address or the password is wrong", { code: "bad_credentials" }),
        );
      }
      const { token, expiresAt } = await deps.tokens.issue(user.id);
      return c.json({ user, token, expiresAt: expiresAt.toISOString() }, 200);
    });
  };
}
