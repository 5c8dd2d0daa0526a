/**
 * The invites projection: bulk load, pure fold, bulk upsert.
 *
 * @module
 */
import type { TransactionSql } from "../../_deps.ts";
import type { GroupEnvelope } from "../../envelope.ts";
import type { Projection } from "../../projection.ts";
import { textArray } from "../../_sql.ts";
import { foldInvites, inviteIdOf, type InviteRow, invitesState } from "./fold.ts";

async function apply(tx: TransactionSql, all: readonly GroupEnvelope[]): Promise<void> {
  const events = all.filter((e) => inviteIdOf(e) !== null);
  if (events.length === 0) return;
  const pairs = new Map<string, [string, string]>();
  for (const e of events) {
    const inviteId = inviteIdOf(e)!;
    pairs.set(`${e.groupId}/${inviteId}`, [e.groupId, inviteId]);
  }
  const keys = [...pairs.values()];
  const rows = await tx<InviteRow[]>`
    SELECT i.group_id::text AS "groupId", i.invite_id::text AS "inviteId",
           i.member_id::text AS "memberId", i.role, i.expires_at AS "expiresAt",
           i.created_by::text AS "createdBy", i.created_at AS "createdAt",
           i.created_version AS "createdVersion",
           i.accepted_by_member::text AS "acceptedByMember",
           i.accepted_by_user::text AS "acceptedByUser", i.revoked
    FROM rm_invites i
    JOIN unnest(${textArray(tx, keys.map((k) => k[0]))}::uuid[],
                ${textArray(tx, keys.map((k) => k[1]))}::uuid[]) AS k(g, i)
      ON i.group_id = k.g AND i.invite_id = k.i`;
  const state = foldInvites(invitesState(rows), events);
  const dirty = [...state.dirty].map((k) => state.rows.get(k)!);
  if (dirty.length === 0) return;
  await tx`
    INSERT INTO rm_invites (group_id, invite_id, member_id, role, expires_at, created_by,
                            created_at, created_version, accepted_by_member, accepted_by_user,
                            revoked)
    SELECT * FROM unnest(
      ${textArray(tx, dirty.map((r) => r.groupId))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.inviteId))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.memberId))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.role))}::text[],
      ${textArray(tx, dirty.map((r) => r.expiresAt))}::text[],
      ${textArray(tx, dirty.map((r) => r.createdBy))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.createdAt))}::text[],
      ${textArray(tx, dirty.map((r) => r.createdVersion))}::integer[],
      ${textArray(tx, dirty.map((r) => r.acceptedByMember))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.acceptedByUser))}::uuid[],
      ${textArray(tx, dirty.map((r) => r.revoked))}::boolean[])
    ON CONFLICT (group_id, invite_id) DO UPDATE SET
      accepted_by_member = EXCLUDED.accepted_by_member,
      accepted_by_user = EXCLUDED.accepted_by_user, revoked = EXCLUDED.revoked`;
}

/** A group's invites, for owners and admins (`rm_invites`). */
export const invitesProjection: Projection = {
  name: "invites",
  tables: ["rm_invites"],
  migrations: new URL("./migrations/", import.meta.url),
  apply,
};
