/**
 * What each role of a group may do. Roles are ranked; a higher role may do
 * everything a lower writing role may.
 *
 * @module
 */
import type { Role } from "../shared/schemas.ts";

const RANK: Record<Role, number> = { owner: 5, admin: 4, member: 3, auditor: 2, viewer: 1 };

/** Things a member can be allowed to do. */
export type Permission =
  | "group.update"
  | "member.manage"
  | "ledger.write"
  | "ledger.read"
  | "audit.read";

/** Whether a role grants a permission. */
export function can(role: Role, permission: Permission): boolean {
  switch (permission) {
    case "group.update":
    case "member.manage":
      return RANK[role] >= RANK.admin;
    case "ledger.write":
      return RANK[role] >= RANK.member;
    case "ledger.read":
      return true;
    case "audit.read":
      return role === "owner" || role === "auditor";
    default: {
      const unknown: never = permission;
      throw new Error(`unknown permission ${unknown}`);
    }
  }
}

/** Whether `actor` outranks `other` (an admin manages members, auditors and viewers). */
export function outranks(actor: Role, other: Role): boolean {
  return RANK[actor] > RANK[other];
}
