/**
 * `POST /v1/sync`: an offline client's queue of commands, applied in order,
 * each as if sent alone and idempotent by its id.
 *
 * @module
 */
import type { Hono } from "hono";
import { problem, ProblemError, readJson, toProblem, zodProblem } from "@kopek/platform";
import { SyncInput } from "@kopek/contract";
import type { COMMAND_TYPES, CommandRunner } from "../commands.ts";
import type { Limits } from "../rate_limits.ts";
import { answerStatus } from "./answer.ts";
import { ifMatchVersion } from "./ledger.ts";
import { UUID } from "../commands/command.ts";

const TARGET_FIELD: Partial<Record<(typeof COMMAND_TYPES)[number], string>> = {
  "member.update": "memberId",
  "member.remove": "memberId",
  "invite.revoke": "inviteId",
  "expense.amend": "expenseId",
  "expense.void": "expenseId",
  "settlement.void": "settlementId",
  "settlement.amend": "settlementId",
  "comment.add": "expenseId",
};

const RECORDS = new Set(["expense.record", "settlement.record"]);

/** A 422 about one field of a queued command's body. */
function invalidField(path: string, message: string): ProblemError {
  return new ProblemError(
    problem(422, `${path}: ${message}`, { code: "validation", errors: [{ path, message }] }),
  );
}

/** `body.ifMatch`, which stands for the If-Match header: `"3"`, `W/"3"`, `*`, or the number 3. */
function versionOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  const version = typeof value === "string" && value.length <= 40 ? ifMatchVersion(value) : null;
  if (version === null) throw invalidField("ifMatch", 'must be a version, like "3"');
  return version;
}

/**
 * `body.memberId`, `body.inviteId`, `body.expenseId` or `body.settlementId`: the entity the
 * command is about.
 */
function targetOf(field: string, value: unknown): string {
  if (value === undefined) throw invalidField(field, "is required");
  if (typeof value !== "string" || !UUID.safeParse(value).success) {
    throw invalidField(field, "must be a UUID");
  }
  return value;
}

/** Mounts the sync route. */
export function syncRoutes(
  deps: { commands: CommandRunner; limits: Limits; onUnexpected: (e: unknown) => void },
) {
  return (app: Hono) => {
    app.post("/v1/sync", async (c) => {
      const parsed = SyncInput.safeParse(await readJson(c));
      if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
      const results = [];
      let position = 0;
      for (const command of parsed.data.commands) {
        const { ifMatch, ...rest } = command.body ?? {};
        const targetField = TARGET_FIELD[command.type];
        const target = targetField ? rest[targetField] : undefined;
        if (targetField) delete rest[targetField];
        try {
          // Each queued command counts as a write: over the limit, it answers 429 in its result.
          await deps.limits.hit("writes", c.get("userId"));
          const outcome = await deps.commands.run(
            {
              type: command.type,
              groupId: command.groupId ?? null,
              // A queued record's command id is also the new expense's or settlement's id.
              targetId: targetField
                ? targetOf(targetField, target)
                : RECORDS.has(command.type)
                ? command.id
                : null,
              body: rest,
              ifMatch: versionOf(ifMatch),
              commandId: command.id,
            },
            { userId: c.get("userId"), via: c.get("via") },
            c.get("requestId"),
          );
          position = Math.max(position, Number(outcome.body.position ?? 0));
          results.push({ id: command.id, status: answerStatus(outcome), result: outcome.body });
        } catch (err) {
          let p = toProblem(err);
          if (!p) {
            deps.onUnexpected(err);
            p = problem(500, "an unexpected error occurred", { code: "internal" });
          }
          results.push({ id: command.id, status: p.status, problem: p });
        }
      }
      c.header("Kopek-Position", String(position));
      return c.json({ results, position }, 200);
    });
  };
}
