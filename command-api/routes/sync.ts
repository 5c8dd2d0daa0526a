/**
 * `POST /v1/sync`: an offline client's queue of commands, applied in order,
 * each as if sent alone and idempotent by its id.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { problem, ProblemError, readJson, toProblem, zodProblem } from "@kopek/platform";
import { COMMAND_TYPES, type CommandRunner } from "../commands.ts";
import { parseIfMatch } from "./ledger.ts";

const SyncBody = z.strictObject({
  commands: z.array(z.strictObject({
    id: z.uuid({ error: "must be a UUID" }),
    type: z.enum(COMMAND_TYPES, { error: `must be one of ${COMMAND_TYPES.join(", ")}` }),
    groupId: z.uuid({ error: "must be a UUID" }).nullable().optional(),
    body: z.record(z.string(), z.unknown()).optional(),
  })).max(500, { error: "at most 500 commands per sync" }),
});

const TARGET_FIELD: Partial<Record<(typeof COMMAND_TYPES)[number], string>> = {
  "member.update": "memberId",
  "member.remove": "memberId",
  "expense.amend": "expenseId",
  "expense.void": "expenseId",
  "settlement.void": "settlementId",
};

const RECORDS = new Set(["expense.record", "settlement.record"]);

/** Mounts the sync route. */
export function syncRoutes(deps: { commands: CommandRunner; onUnexpected: (e: unknown) => void }) {
  return (app: Hono) => {
    app.post("/v1/sync", async (c) => {
      const parsed = SyncBody.safeParse(await readJson(c));
      if (!parsed.success) throw new ProblemError(zodProblem(parsed.error));
      const results = [];
      let position = 0;
      for (const command of parsed.data.commands) {
        const { ifMatch, ...rest } = command.body ?? {};
        const targetField = TARGET_FIELD[command.type];
        const target = targetField ? rest[targetField] : undefined;
        if (targetField) delete rest[targetField];
        try {
          const outcome = await deps.commands.run(
            {
              type: command.type,
              groupId: command.groupId ?? null,
              // A queued record's command id is also the new expense's or settlement's id.
              targetId: typeof target === "string"
                ? target
                : RECORDS.has(command.type)
                ? command.id
                : null,
              body: rest,
              ifMatch: ifMatch === undefined ? undefined : parseIfMatch(String(ifMatch)),
              commandId: command.id,
            },
            c.get("userId"),
            c.get("requestId"),
          );
          position = Math.max(position, Number(outcome.body.position ?? 0));
          results.push({ id: command.id, status: outcome.status, result: outcome.body });
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
