/**
 * `GET /v1/groups/{g}/expenses/{e}/history`: every version of an expense,
 * oldest first, with who made it and when (docs/api.md). The conflict screen
 * reads it to show what changed since the version an edit was made on.
 *
 * @module
 */
import { request } from "../api/client.ts";
import type { ExpenseVersion } from "./conflict.ts";

/** The versions of an expense, oldest first (the last one is the current version). */
export async function fetchExpenseHistory(groupId: string, expenseId: string): Promise<ExpenseVersion[]> {
  const { data } = await request<{ items: ExpenseVersion[] }>(
    `/v1/groups/${groupId}/expenses/${expenseId}/history`,
  );
  return data.items;
}
