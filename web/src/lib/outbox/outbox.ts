/**
 * The outbox: every write goes here first, with a client command id, and is
 * shown at once as pending; {@linkcode ../outbox/sync.ts} sends it.
 *
 * Editing a write that still waits: a command that was never sent (attempts
 * 0) is rewritten in place, keeping its id (the server never saw it). One
 * that was sent at least once may already be applied, so it is never
 * rewritten (that would reuse its id for other content, a 409): an amend or
 * void is queued after it instead, without `ifMatch` when the expense itself
 * is still unconfirmed.
 *
 * @module
 */
import { db, type OutboxItem } from "../db.ts";
import type { CommandType, ExpenseBody } from "../types.ts";
import { uuidv7 } from "../uuid.ts";

/** A command to queue. */
export interface NewCommand {
  /** The command id; for creates also the new entity's id (default: a new UUIDv7). */
  id?: string;
  type: CommandType;
  groupId: string;
  body: Record<string, unknown>;
  label: string;
  /** The version an amend or void was made on (see {@linkcode OutboxItem.base}). */
  base?: OutboxItem["base"];
}

/** Fired after the outbox changed, so that the sync scheduler sends soon. */
export const OUTBOX_EVENT = "kopek:outbox";

function changed(): void {
  globalThis.dispatchEvent?.(new Event(OUTBOX_EVENT));
}

/** Queues a command; returns the stored item. */
export async function enqueue(cmd: NewCommand): Promise<OutboxItem> {
  const item: OutboxItem = {
    id: cmd.id ?? uuidv7(),
    type: cmd.type,
    groupId: cmd.groupId,
    body: cmd.body,
    status: "pending",
    attempts: 0,
    label: cmd.label,
    createdAt: new Date().toISOString(),
    ...(cmd.base ? { base: cmd.base } : {}),
  };
  item.seq = await db.outbox.add(item);
  changed();
  return item;
}

/** The items about one expense, oldest first. */
async function itemsForExpense(expenseId: string): Promise<OutboxItem[]> {
  const all = await db.outbox.orderBy("seq").toArray();
  return all.filter((i) =>
    (i.type === "expense.record" && i.id === expenseId) ||
    ((i.type === "expense.amend" || i.type === "expense.void") && i.body.expenseId === expenseId)
  );
}

/** Records a new expense; the command id is the expense id. */
export async function recordExpense(groupId: string, body: ExpenseBody, label: string, id = uuidv7()) {
  const { id: _ignored, ...rest } = body;
  return await enqueue({ id, type: "expense.record", groupId, body: rest as Record<string, unknown>, label });
}

/**
 * Amends an expense (see the module doc for pending ones). `version` is the
 * server version the edit was made on (null when the expense is not
 * confirmed yet), `base` the expense as it stood then (kept for the conflict
 * screen).
 */
export async function amendExpense(
  groupId: string,
  expenseId: string,
  body: ExpenseBody,
  version: number | null,
  label: string,
  base?: ExpenseBody,
): Promise<void> {
  const { id: _ignored, ...rest } = body;
  await db.transaction("rw", db.outbox, async () => {
    const items = await itemsForExpense(expenseId);
    const last = items.at(-1);
    if (last && last.attempts === 0 && last.type !== "expense.void") {
      // Not sent yet: rewrite the record (or the last amend) in place.
      const nextBody = last.type === "expense.amend"
        ? { ...rest, expenseId, ...(last.body.ifMatch !== undefined ? { ifMatch: last.body.ifMatch } : {}) }
        : rest;
      await db.outbox.update(last.seq!, { body: nextBody, label, status: "pending", problem: undefined });
      return;
    }
    const unconfirmed = items.some((i) => i.type === "expense.record" && i.status === "pending");
    await db.outbox.add({
      id: uuidv7(),
      type: "expense.amend",
      groupId,
      body: { ...rest, expenseId, ...(version !== null && !unconfirmed ? { ifMatch: String(version) } : {}) },
      status: "pending",
      attempts: 0,
      label,
      createdAt: new Date().toISOString(),
      ...(version !== null && !unconfirmed && base ? { base: { version, body: base } } : {}),
    });
  });
  changed();
}

/** Voids an expense; one never sent is simply dropped with its queued edits. */
export async function voidExpense(
  groupId: string,
  expenseId: string,
  version: number | null,
  label: string,
  base?: ExpenseBody,
): Promise<void> {
  await db.transaction("rw", db.outbox, async () => {
    const items = await itemsForExpense(expenseId);
    const record = items.find((i) => i.type === "expense.record");
    if (record && record.attempts === 0) {
      await db.outbox.bulkDelete(items.map((i) => i.seq!));
      return;
    }
    // Edits never sent are moot once the expense is voided.
    await db.outbox.bulkDelete(items.filter((i) => i.attempts === 0).map((i) => i.seq!));
    const unconfirmed = !!record && record.status === "pending";
    await db.outbox.add({
      id: uuidv7(),
      type: "expense.void",
      groupId,
      body: { expenseId, ...(version !== null && !unconfirmed ? { ifMatch: String(version) } : {}) },
      status: "pending",
      attempts: 0,
      label,
      createdAt: new Date().toISOString(),
      ...(version !== null && !unconfirmed && base ? { base: { version, body: base } } : {}),
    });
  });
  changed();
}

/** Drops a command (a rejected one the person gave up on). */
export async function discard(seq: number): Promise<void> {
  await db.outbox.delete(seq);
  changed();
}

/**
 * Sends a rejected command again as a new command (new id; creates get a new
 * entity id too), optionally with a new body, at the end of the queue.
 */
export async function retry(item: OutboxItem, body?: Record<string, unknown>): Promise<OutboxItem> {
  const id = uuidv7();
  let next = body ?? { ...item.body };
  if ((item.type === "group.create" || item.type === "member.add") && "id" in next) next = { ...next, id };
  const groupId = item.type === "group.create" ? id : item.groupId;
  await db.outbox.delete(item.seq!);
  return await enqueue({ id, type: item.type, groupId, body: next, label: item.label });
}
