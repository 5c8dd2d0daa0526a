/**
 * Queries on the access read model.
 *
 * @module
 */
import type { Role, Sql } from "../../_deps.ts";

/** The cache key of a group's access map (invalidated by the projector after each batch). */
export function accessCacheKey(groupId: string): string {
  return `access:${groupId}`;
}

/** Every active member bound to a user, with their role: userId → role. */
export async function groupAccess(sql: Sql, groupId: string): Promise<Record<string, Role>> {
  const rows = await sql<{ user_id: string; role: Role }[]>`
    SELECT user_id::text AS user_id, role FROM rm_access
    WHERE group_id = ${groupId}::uuid AND active AND user_id IS NOT NULL`;
  return Object.fromEntries(rows.map((r) => [r.user_id, r.role]));
}
