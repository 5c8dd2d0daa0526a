/**
 * Settles a conflict the person resolved on the conflict screen (ADR 0041):
 * the refused command leaves the outbox and, unless they took the other
 * version as it is, a new command takes its place at the end of the queue
 * with `ifMatch` = the version they compared against. A further change made
 * meanwhile is then refused again (and compared again), never overwritten.
 *
 * @module
 */
import { db, type OutboxItem } from "../db.ts";
import type { ExpenseBody } from "../types.ts";
import { uuidv7 } from "../uuid.ts";
import { OUTBOX_EVENT } from "./outbox.ts";

/** The server's version the person compared against. */
export interface Current {
  version: number;
  body: ExpenseBody;
}

async function replace(item: OutboxItem, next: OutboxItem | null): Promise<void> {
  await db.transaction("rw", db.outbox, async () => {
    await db.outbox.delete(item.seq!);
    if (next) await db.outbox.add(next);
  });
  globalThis.dispatchEvent?.(new Event(OUTBOX_EVENT));
}

function command(item: OutboxItem, type: OutboxItem["type"], body: Record<string, unknown>, label: string, current: Current): OutboxItem {
  return {
    id: uuidv7(),
    type,
    groupId: item.groupId,
    body: { ...body, expenseId: String(item.body.expenseId), ifMatch: String(current.version) },
    status: "pending",
    attempts: 0,
    label,
    createdAt: new Date().toISOString(),
    base: current,
  };
}

/** Sends `body` (the merged expense, or all of mine) as an amend of the current version. */
export async function saveResolved(item: OutboxItem, body: ExpenseBody, current: Current, label: string): Promise<void> {
  await replace(item, command(item, "expense.amend", body as unknown as Record<string, unknown>, label, current));
}

/** Voids the expense as it now stands (the person saw what changed and still voids it). */
export async function voidCurrent(item: OutboxItem, current: Current): Promise<void> {
  await replace(item, command(item, "expense.void", {}, item.label, current));
}

/** Takes the other version as it is: my refused command is dropped, nothing is sent. */
export async function takeTheirs(item: OutboxItem): Promise<void> {
  await replace(item, null);
}
