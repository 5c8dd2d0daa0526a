/**
 * Payments (settlements) through the outbox: record, edit (`settlement.amend`),
 * void, and their undo. See ADR 0042: an undone void that was never sent is taken out of
 * the outbox (nothing reaches the ledger); one already sent is undone by
 * recording the same payment again. An edit is undone by another edit back
 * to the previous values. What a list shows: {@linkcode ./payment_views.ts}.
 *
 * @module
 */
import { db, type OutboxItem } from "../db.ts";
import type { Settlement, SettlementBody } from "../types.ts";
import { enqueue, OUTBOX_EVENT } from "./outbox.ts";
import { SYNC_CHANNEL } from "./sync.ts";

/** The body of a payment, as `POST` and `PUT` take it. */
export function paymentBody(p: Pick<Settlement, "from" | "to" | "amount" | "date" | "note">): SettlementBody {
  return { from: p.from, to: p.to, amount: { ...p.amount }, date: p.date, note: p.note ?? null };
}

/** Records a payment; the command id is the payment's id. Answers the id. */
export async function recordPayment(groupId: string, body: SettlementBody, label: string): Promise<string> {
  const item = await enqueue({ type: "settlement.record", groupId, body: { ...body }, label });
  return item.id;
}

/**
 * Edits a payment. `version` is the server version the edit was made on
 * (null while the payment itself waits in the outbox: then no `If-Match`).
 * A record or edit never sent is rewritten in place instead.
 */
export async function amendPayment(
  groupId: string,
  settlementId: string,
  body: SettlementBody,
  version: number | null,
  label: string,
): Promise<void> {
  const rewritten = await db.transaction("rw", db.outbox, async () => {
    const last = (await itemsFor(settlementId)).at(-1);
    if (!last || last.attempts > 0 || last.type === "settlement.void") return false;
    const next = last.type === "settlement.amend"
      ? { ...body, settlementId, ...(last.body.ifMatch !== undefined ? { ifMatch: last.body.ifMatch } : {}) }
      : { ...body };
    await db.outbox.update(last.seq!, { body: next, label, status: "pending", problem: undefined });
    return true;
  });
  if (rewritten) return void globalThis.dispatchEvent?.(new Event(OUTBOX_EVENT));
  await enqueue({
    type: "settlement.amend",
    groupId,
    body: { ...body, settlementId, ...(version !== null ? { ifMatch: String(version) } : {}) },
    label,
  });
}

/**
 * Voids a payment; answers the void's outbox id (what an undo takes back), or
 * null when the payment itself had never been sent (then it is simply dropped).
 */
export async function voidPayment(
  groupId: string,
  settlementId: string,
  version: number | null,
  label: string,
): Promise<string | null> {
  const dropped = await db.transaction("rw", db.outbox, async () => {
    const items = await itemsFor(settlementId);
    const record = items.find((i) => i.type === "settlement.record");
    if (record && record.attempts === 0) {
      await db.outbox.bulkDelete(items.map((i) => i.seq!));
      return true;
    }
    return false;
  });
  if (dropped) {
    globalThis.dispatchEvent?.(new Event(OUTBOX_EVENT));
    return null;
  }
  const item = await enqueue({
    type: "settlement.void",
    groupId,
    body: { settlementId, ...(version !== null ? { ifMatch: String(version) } : {}) },
    label,
  });
  return item.id;
}

/**
 * Undoes a void: the void is taken out of the outbox when it was never sent;
 * otherwise the same payment is recorded again (a new payment: the ledger
 * keeps the first and its void). Answers how it was undone.
 */
export async function undoVoid(
  groupId: string,
  voidId: string | null,
  payment: SettlementBody,
  label: string,
): Promise<"withdrawn" | "recorded"> {
  // Under the sender's lock: a void the sender has picked up (even before counting the attempt)
  // is waited for, and then counts as sent.
  const withdraw = () =>
    db.transaction("rw", db.outbox, async () => {
      const item = await db.outbox.where("id").equals(voidId!).first();
      if (!item || item.attempts > 0) return false;
      await db.outbox.delete(item.seq!);
      return true;
    });
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  const withdrawn = voidId !== null &&
    (locks ? await locks.request(SYNC_CHANNEL, withdraw) as boolean : await withdraw());
  if (withdrawn) {
    globalThis.dispatchEvent?.(new Event(OUTBOX_EVENT));
    return "withdrawn";
  }
  await recordPayment(groupId, payment, label);
  return "recorded";
}

/** The outbox items about one payment, oldest first. */
async function itemsFor(settlementId: string): Promise<OutboxItem[]> {
  const all = await db.outbox.orderBy("seq").toArray();
  return all.filter((i) => isAbout(i, settlementId));
}

function isAbout(i: OutboxItem, settlementId: string): boolean {
  return (i.type === "settlement.record" && i.id === settlementId) ||
    ((i.type === "settlement.amend" || i.type === "settlement.void") && i.body.settlementId === settlementId);
}
