/**
 * The write routes of groups, members, expenses (and their comments) and settlements: each turns
 * the HTTP request into a {@linkcode CommandRequest} and answers what the
 * command runner gives back.
 *
 * @module
 */
import type { Context, Hono } from "hono";
import { problem, ProblemError, readJson, readOptionalJson } from "@kopek/platform";
import type { CommandRequest, CommandRunner, CommandType } from "../commands.ts";
import type { Limits } from "../rate_limits.ts";
import { answerHeaders, answerStatus } from "./answer.ts";

const IF_MATCH = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/;

/**
 * The version an `If-Match` value asks for: `"3"`, `W/"3"` or `3` is 3, `*`
 * is undefined (any version), anything else null.
 */
export function ifMatchVersion(value: string): number | undefined | null {
  if (value.trim() === "*") return undefined;
  const m = IF_MATCH.exec(value);
  return m ? Number(m[1]) : null;
}

/** The version an `If-Match` header asks for; none is undefined, a malformed one a 400. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const version = ifMatchVersion(header);
  if (version === null) {
    throw new ProblemError(
      problem(400, 'If-Match must be a version in quotes, like "3"', { code: "malformed" }),
    );
  }
  return version;
}

/** A client's `Idempotency-Key`, if it sent one. */
function idempotencyKey(c: Context): string | undefined {
  const key = c.req.header("idempotency-key");
  if (key === undefined) return undefined;
  if (!/^[A-Za-z0-9._:-]{1,128}$/.test(key)) {
    throw new ProblemError(
      problem(400, "Idempotency-Key must be 1-128 letters, digits, or . _ : -", {
        code: "malformed",
      }),
    );
  }
  return key;
}

/** Mounts the write routes of API.md on an app with bearer auth in front. */
export function ledgerRoutes(deps: { commands: CommandRunner; limits: Limits }) {
  return (app: Hono) => {
    const route = (
      method: "post" | "patch" | "put" | "delete",
      path: string,
      type: CommandType,
      target?: "m" | "e" | "s" | "i" | "c" | "r" | "code",
    ) => {
      app[method](path, async (c) => {
        await deps.limits.hit(type === "invite.accept" ? "codes" : "writes", c.get("userId"));
        const request: CommandRequest = {
          type,
          groupId: c.req.param("g") ?? null,
          targetId: target ? c.req.param(target) ?? null : null,
          // Voids, removals and accepting an invite need no body.
          body: method !== "delete" && type !== "invite.accept"
            ? await readJson(c)
            : await readOptionalJson(c),
          ifMatch: parseIfMatch(c.req.header("if-match")),
          commandId: idempotencyKey(c),
        };
        const outcome = await deps.commands.run(
          request,
          { userId: c.get("userId"), via: c.get("via") },
          c.get("requestId"),
        );
        for (const [k, v] of Object.entries(answerHeaders(outcome))) c.header(k, v);
        c.header("Kopek-Position", String(outcome.body.position ?? 0));
        return c.json(outcome.body, answerStatus(outcome));
      });
    };
    route("post", "/v1/groups", "group.create");
    route("patch", "/v1/groups/:g", "group.update");
    route("post", "/v1/groups/:g/members", "member.add");
    route("patch", "/v1/groups/:g/members/:m", "member.update", "m");
    route("delete", "/v1/groups/:g/members/:m", "member.remove", "m");
    route("put", "/v1/groups/:g/members/:m/payment-handles", "member.payment_handles.set", "m");
    route("post", "/v1/groups/:g/invites", "invite.create");
    route("delete", "/v1/groups/:g/invites/:i", "invite.revoke", "i");
    route("post", "/v1/invites/:code/accept", "invite.accept", "code");
    route("post", "/v1/groups/:g/expenses", "expense.record");
    route("put", "/v1/groups/:g/expenses/:e", "expense.amend", "e");
    route("delete", "/v1/groups/:g/expenses/:e", "expense.void", "e");
    route("post", "/v1/groups/:g/settlements", "settlement.record");
    route("put", "/v1/groups/:g/settlements/:s", "settlement.amend", "s");
    route("delete", "/v1/groups/:g/settlements/:s", "settlement.void", "s");
    route("post", "/v1/groups/:g/expenses/:e/comments", "comment.add", "e");
    route("post", "/v1/groups/:g/categories", "category.add");
    route("patch", "/v1/groups/:g/categories/:c", "category.update", "c");
    route("delete", "/v1/groups/:g/categories/:c", "category.remove", "c");
    route("post", "/v1/groups/:g/recurrences", "recurrence.create");
    route("patch", "/v1/groups/:g/recurrences/:r", "recurrence.update", "r");
    route("post", "/v1/groups/:g/recurrences/:r/skips", "recurrence.skip", "r");
    route("delete", "/v1/groups/:g/recurrences/:r", "recurrence.stop", "r");
  };
}
