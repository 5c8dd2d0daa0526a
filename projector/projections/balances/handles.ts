/**
 * Members' payment handles in the balances read model (ADR 0052): the pure
 * fold of a batch (the last change per member wins) and the bulk write, which
 * applies a change only over an older stream version, so replays are harmless.
 *
 * @module
 */
import type { GroupEvent, PaymentHandle } from "@kopek/domain";
import type { TransactionSql } from "../../_deps.ts";
import { textArray } from "../../_sql.ts";

/** A change to one member's handles: a new list, or cleared (revision kept: null). */
export interface HandlesChange {
  readonly groupId: string;
  readonly memberId: string;
  readonly version: number;
  readonly revision: number | null;
  readonly handles: readonly PaymentHandle[];
}

/** Keeps the change an event makes (`MemberPaymentHandlesSet`, `MemberUnlinked`), if any. */
export function foldHandles(
  changes: Map<string, HandlesChange>,
  groupId: string,
  version: number,
  event: GroupEvent,
): void {
  if (event.type === "MemberPaymentHandlesSet") {
    const { memberId, revision, handles } = event.data;
    changes.set(`${groupId}/${memberId}`, { groupId, memberId, version, revision, handles });
  } else if (event.type === "MemberUnlinked") {
    const { memberId } = event.data;
    const before = changes.get(`${groupId}/${memberId}`);
    const revision = before?.revision ?? null;
    changes.set(`${groupId}/${memberId}`, { groupId, memberId, version, revision, handles: [] });
  }
}

/** Writes the changes in bulk; a row at a later stream version stays. */
export async function saveHandles(
  tx: TransactionSql,
  changes: ReadonlyMap<string, HandlesChange>,
): Promise<void> {
  const rows = [...changes.values()];
  if (rows.length === 0) return;
  await tx`
    INSERT INTO rm_payment_handles AS h (group_id, member_id, version, revision, handles)
    SELECT g, m, v, coalesce(r, 0), j::jsonb FROM unnest(
      ${textArray(tx, rows.map((c) => c.groupId))}::uuid[],
      ${textArray(tx, rows.map((c) => c.memberId))}::uuid[],
      ${textArray(tx, rows.map((c) => c.version))}::integer[],
      ${textArray(tx, rows.map((c) => c.revision))}::integer[],
      ${textArray(tx, rows.map((c) => JSON.stringify(c.handles)))}::text[]) AS k(g, m, v, r, j)
    ON CONFLICT (group_id, member_id) DO UPDATE SET
      version = EXCLUDED.version,
      revision = greatest(h.revision, EXCLUDED.revision),
      handles = EXCLUDED.handles
    WHERE h.version < EXCLUDED.version`;
}
