/**
 * `GET /v1/groups/{g}/expenses/{e}/history`: every version of an expense,
 * oldest first, with who made it and when (docs/api.md). The conflict screen
 * reads it to show what changed since the version an edit was made on.
 *
 * The history goes up to the version the read models show, and they may lag
 * the write that made the edit stale. A refusal as stale says the current
 * version is not the one the edit was made on, so a history that ends there
 * is behind: {@linkcode fetchHistoryPast} reads it again, a few times with a
 * growing pause, until it shows a later version.
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

/** Pauses between reads of a history that is still behind: about 10 s in all. */
export const PAST_PAUSES_MS = [100, 200, 400, 800, 1_500, 3_000, 4_000] as const;

/**
 * Reads a history until its current version is past `stale` (the version a
 * refused edit was made on; null: no such version known, one read), pausing
 * by {@linkcode PAST_PAUSES_MS} between reads. Answers the last read when the
 * pauses are spent: the screen then shows it, and a save from it is refused
 * again rather than overwriting what it did not show.
 */
export async function fetchHistoryPast(
  read: () => Promise<ExpenseVersion[]>,
  stale: number | null,
  pause: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<ExpenseVersion[]> {
  let history = await read();
  for (const ms of PAST_PAUSES_MS) {
    const last = history.at(-1)?.version;
    if (stale === null || last === undefined || last > stale) return history;
    await pause(ms);
    history = await read();
  }
  return history;
}
