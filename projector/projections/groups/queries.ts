/**
 * Queries on the groups read model, for query-api.
 *
 * @module
 */
import type { Role, Sql } from "../../_deps.ts";

/** One of the caller's groups, as `GET /v1/groups` lists it. */
export interface GroupListItem {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly role: Role;
  readonly memberCount: number;
}

/** Where a page of {@linkcode listGroupsOfUser} starts: after this (name, id). */
export interface GroupPageKey {
  readonly name: string;
  readonly id: string;
}

/**
 * The groups a user is an active member of, ordered by name then id, at most
 * `limit` after `after`. `memberCount` counts active members.
 */
export async function listGroupsOfUser(
  sql: Sql,
  userId: string,
  options: { limit: number; after: GroupPageKey | null },
): Promise<GroupListItem[]> {
  const after = options.after;
  const rows = await sql<GroupListItem[]>`
    SELECT g.group_id::text AS id, g.name, g.currency, a.role,
           (SELECT count(*)::int FROM rm_members m
             WHERE m.group_id = g.group_id AND m.active) AS "memberCount"
    FROM rm_access a
    JOIN rm_groups g ON g.group_id = a.group_id
    WHERE a.user_id = ${userId}::uuid AND a.active
      ${after ? sql`AND (g.name, g.group_id) > (${after.name}, ${after.id}::uuid)` : sql``}
    ORDER BY g.name, g.group_id
    LIMIT ${options.limit}`;
  return rows.map((r) => ({ ...r }));
}

/** A member as `GET /v1/groups/{g}` shows it. */
export interface GroupMemberView {
  readonly id: string;
  readonly name: string;
  readonly userId: string | null;
  readonly role: Role;
  readonly active: boolean;
  /** The member's revision (its ETag for member updates). */
  readonly version: number;
}

/** A group with its members, as `GET /v1/groups/{g}` shows it. */
export interface GroupView {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly members: GroupMemberView[];
}

/** One group and its members (joining order), or null when unknown. */
export async function getGroup(sql: Sql, groupId: string): Promise<GroupView | null> {
  const [group] = await sql<{
    id: string;
    name: string;
    currency: string;
    version: number;
    createdAt: Date;
    updatedAt: Date;
  }[]>`
    SELECT group_id::text AS id, name, currency, version,
           created_at AS "createdAt", updated_at AS "updatedAt"
    FROM rm_groups WHERE group_id = ${groupId}::uuid`;
  if (!group) return null;
  const members = await sql<GroupMemberView[]>`
    SELECT member_id::text AS id, name, user_id::text AS "userId", role, active,
           revision AS version
    FROM rm_members WHERE group_id = ${groupId}::uuid
    ORDER BY joined_version, member_id`;
  return {
    id: group.id,
    name: group.name,
    currency: group.currency,
    version: group.version,
    createdAt: new Date(group.createdAt).toISOString(),
    updatedAt: new Date(group.updatedAt).toISOString(),
    members: members.map((m) => ({ ...m })),
  };
}
