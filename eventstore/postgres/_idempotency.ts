/**
 * What an earlier append under an idempotency key stored, asked of
 * `kopek_append_replay` without appending anything.
 *
 * @module
 */
import type { Sql } from "@kopek/platform";
import type { Idempotency, IdempotentAnswer } from "../port.ts";
import { type Answer, duplicateResult } from "./_rows.ts";

/** The port's `idempotentResult`: the kept append, a conflict, or null. */
export async function idempotentResult(
  sql: Sql,
  idem: Idempotency,
): Promise<IdempotentAnswer | null> {
  const [row] = await sql<{ r: Answer | null }[]>`
    SELECT kopek_append_replay(${idem.key}::text, ${idem.contentHash}::text) AS r`;
  const answer = row?.r;
  if (!answer) return null;
  if (answer.status === "idempotency_conflict") return { status: "conflict" };
  if (answer.status !== "duplicate") throw new Error(`unexpected replay answer ${answer.status}`);
  return { status: "duplicate", result: duplicateResult(answer) };
}
