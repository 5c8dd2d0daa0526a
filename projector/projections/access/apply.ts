/**
 * The access projection: bulk load, pure fold, bulk upsert.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { type AccessRow, accessState, foldAccess } from "./fold.ts";

const MEMBER_EVENTS = new Set([
  "MemberAdded",
  "MemberRoleChanged",
  "MemberDeactivated",
  "MemberClaimed",
  "MemberUnlinked",
]);

async function apply(tx: TransactionSql, all: readonly GroupEnvelope[]): Promise<void> {
  const events = all.filter((e) => MEMBER_EVENTS.has(e.event.type));
  if (events.length === 0) return;
  const pairs = new Map<string, [string, string]>();
  for (const e of events) {
    const memberId = (e.event.data as { memberId: string }).memberId;
    pairs.set(`${e.groupId}/${memberId}`, [e.groupId, memberId]);
  }
  const keys = [...pairs.values()];
  const rows = await tx<AccessRow[]>`
    SELECT a.group_id::text AS "groupId", a.member_id::text AS "memberId",
           a.user_id::text AS "userId", a.role, a.active, a.revision
    FROM rm_access a
    JOIN unnest(${textArray(tx, keys.map((k) => k[0]))}::uuid[],
                ${textArray(tx, keys.map((k) => k[1]))}::uuid[]) AS k(g, m)
      ON a.group_id = k.g AND a.member_id = k.m`;
  const state = foldAccess(accessState(rows), events);
  const dirty = [...state.dirty].map((k) => state.rows.get(k)!);
  if (dirty.length === 0) return;
  await tx`
    INSERT INTO rm_access (group_id, member_id, user_id, role, active, revision)
    SELECT * FROM unnest(
      ${textArray(tx, dirty.map((r) => r.groupId))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.memberId))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.userId))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.role))}::text[],
      ${textArray(tx, dirty.map((r) => r.active))}::boolean[],
      ${textArray(tx, dirty.map((r) => r.revision))}::integer[])
    ON CONFLICT (group_id, member_id) DO UPDATE SET
      user_id = EXCLUDED.user_id, role = EXCLUDED.role, active = EXCLUDED.active,
      revision = EXCLUDED.revision`;
}

/** Who may see which group (`rm_access`). */
export const accessProjection: Projection = {
  name: "access",
  tables: ["rm_access"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
