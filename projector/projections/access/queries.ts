/**
 * Queries on the access read model.
 *
 * @module
 */
import type { Role, Sql } from "../../_deps.ts";

/**
 * The role of the user's active member in the group, or null when the user
 * may not see the group (which the API answers with 404).
 */
export async function roleInGroup(sql: Sql, groupId: string, userId: string): Promise<Role | null> {
  const [row] = await sql<{ role: Role }[]>`
    SELECT role FROM rm_access
    WHERE group_id = ${groupId}::uuid AND user_id = ${userId}::uuid AND active
    LIMIT 1`;
  return row?.role ?? null;
}
