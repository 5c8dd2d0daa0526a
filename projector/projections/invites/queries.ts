/**
 * Queries on the invites read model, for query-api.
 *
 * @module
 */
import type { Role, Sql } from "../../_deps.ts";

/**
 * An invite as stored, with its creator as the groups read model knows them
 * now (their name, current role and whether they are still active): what
 * `inviteStatusOf` needs to say whether the invite still works.
 */
export interface InviteListRow {
  readonly id: string;
  /** The placeholder member it claims, or null. */
  readonly memberId: string | null;
  readonly role: Role;
  /** RFC 3339. */
  readonly expiresAt: string;
  /** RFC 3339. */
  readonly createdAt: string;
  /** The stream version of its creation: the list's order and cursor. */
  readonly createdVersion: number;
  /** Its creator, or null for invites that did not record one (schema v1). */
  readonly createdBy: {
    readonly memberId: string;
    /** Null when the groups read model has no such member. */
    readonly name: string | null;
    readonly role: Role | null;
    readonly active: boolean | null;
  } | null;
  /** The member who used it, and their user; null while unused. */
  readonly acceptedBy: string | null;
  readonly acceptedByUser: string | null;
  readonly revoked: boolean;
}

/**
 * A group's invites, newest first (by stream version), at most `limit`
 * created before the stream version `before` (null: from the newest).
 */
export async function listInvites(
  sql: Sql,
  groupId: string,
  options: { limit: number; before: number | null },
): Promise<InviteListRow[]> {
  const rows = await sql<{
    id: string;
    memberId: string | null;
    role: Role;
    expiresAt: string;
    createdAt: string;
    createdVersion: number;
    createdBy: string | null;
    creatorName: string | null;
    creatorRole: Role | null;
    creatorActive: boolean | null;
    acceptedBy: string | null;
    acceptedByUser: string | null;
    revoked: boolean;
  }[]>`
    SELECT i.invite_id::text AS id, i.member_id::text AS "memberId", i.role,
           i.expires_at AS "expiresAt", i.created_at AS "createdAt",
           i.created_version AS "createdVersion", i.created_by::text AS "createdBy",
           m.name AS "creatorName", m.role AS "creatorRole", m.active AS "creatorActive",
           i.accepted_by_member::text AS "acceptedBy",
           i.accepted_by_user::text AS "acceptedByUser", i.revoked
    FROM rm_invites i
    LEFT JOIN rm_members m ON m.group_id = i.group_id AND m.member_id = i.created_by
    WHERE i.group_id = ${groupId}::uuid
      ${options.before === null ? sql`` : sql`AND i.created_version < ${options.before}`}
    ORDER BY i.created_version DESC
    LIMIT ${options.limit}`;
  return rows.map((r) => ({
    id: r.id,
    memberId: r.memberId,
    role: r.role,
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
    createdVersion: r.createdVersion,
    createdBy: r.createdBy === null ? null : {
      memberId: r.createdBy,
      name: r.creatorName,
      role: r.creatorRole,
      active: r.creatorActive,
    },
    acceptedBy: r.acceptedBy,
    acceptedByUser: r.acceptedByUser,
    revoked: r.revoked,
  }));
}
