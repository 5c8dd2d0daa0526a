/**
 * `DELETE /v1/me`: deleting an account. The password is checked again; the
 * account's members in groups become placeholders (`MemberUnlinked`, so the
 * others' balances and history stay whole); then the account's stream gets
 * its tombstone, its email address (and Telegram user) is released and every
 * session ends. Refused while the user owns a group that has another member
 * bound to a user: ownership is handed over first. docs/security.md
 * ("Deleting an account") says what is erased and what stays.
 *
 * Finding the user's groups reads every group (there is no user → groups
 * index on the command side); a deletion is rare, and a retry after a
 * failure part-way goes on where it stopped (an unlinked member is skipped).
 *
 * @module
 */
import { type GroupState, ownerBlocks } from "@kopek/domain";
import { problem, ProblemError } from "@kopek/platform";
import type { Accounts } from "./accounts.ts";
import type { CommandApiDeps } from "./deps.ts";
import type { GroupRepository } from "./group_repository.ts";

/** A group the user is a member of, and their member there. */
interface Membership {
  readonly groupId: string;
  readonly memberId: string;
  readonly state: GroupState;
}

const PAGE = 500;

/** The groups where the user has a member (active or not). */
async function membershipsOf(
  deps: CommandApiDeps,
  groups: GroupRepository,
  userId: string,
): Promise<Membership[]> {
  const found: Membership[] = [];
  let after: string | null = null;
  for (;;) {
    const names = await deps.store.streams({ after, limit: PAGE, prefix: "group-" });
    for (const name of names) {
      const groupId = name.slice("group-".length);
      const state = await groups.current(groupId);
      for (const m of state.members.values()) {
        if (m.userId === userId) found.push({ groupId, memberId: m.id, state });
      }
    }
    if (names.length < PAGE) return found;
    after = names[names.length - 1];
  }
}

/** Deletes accounts. */
export interface AccountDeletion {
  /** Deletes the user's account; 403 for a wrong password, 409 while they own a shared group. */
  /** Answers the global position of its last write (read-your-writes). */
  delete(userId: string, password: string, requestId: string | null): Promise<number>;
}

/** Creates the deletion over the accounts and the group repository. */
export function createAccountDeletion(
  deps: CommandApiDeps,
  accounts: Accounts,
  groups: GroupRepository,
): AccountDeletion {
  return {
    async delete(userId, password, requestId) {
      if (!(await accounts.checkPassword(userId, password))) {
        throw new ProblemError(
          problem(403, "the password is wrong", { code: "bad_credentials" }),
        );
      }
      const memberships = await membershipsOf(deps, groups, userId);
      const blocking = memberships.filter((m) => ownerBlocks(m.state, userId));
      if (blocking.length > 0) {
        const names = blocking.map((m) => `"${m.state.name}"`).join(", ");
        throw new ProblemError(
          problem(
            409,
            `you own ${names}, which has other members: hand over ownership first`,
            { code: "account.owns_group" },
          ),
        );
      }
      let position = 0;
      for (const m of memberships) {
        const done = await groups.execute(
          m.groupId,
          { actorUserId: userId },
          { commandId: deps.newId(), requestId, at: deps.now().toISOString() },
          { build: () => ({ type: "member.unlink", memberId: m.memberId }), respond: () => null },
        );
        position = Math.max(position, done.position);
      }
      return Math.max(position, await accounts.erase({ userId }));
    },
  };
}
