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

/**
 * Every active member bound to a user, with their role: userId → role; or
 * null while the group's stream is quarantined for this read model (ADR
 * 0016): its rows may then miss a removal or a role change, so nobody's
 * access can be read from them (callers fail closed).
 */
export async function groupAccess(
  sql: Sql,
  groupId: string,
): Promise<Record<string, Role> | null> {
  const rows = await sql<{ quarantined: boolean; user_id: string | null; role: Role | null }[]>`
    WITH q AS (
      SELECT EXISTS (
        SELECT 1 FROM projector_quarantine
        WHERE projection = 'access' AND stream = ${"group-" + groupId}
      ) AS quarantined
    )
    SELECT q.quarantined, a.user_id::text AS user_id, a.role
    FROM q LEFT JOIN rm_access a
      ON a.group_id = ${groupId}::uuid AND a.active AND a.user_id IS NOT NULL`;
  if (rows[0]?.quarantined) return null;
  return Object.fromEntries(
    rows.filter((r) => r.user_id !== null).map((r) => [r.user_id!, r.role!]),
  );
}
