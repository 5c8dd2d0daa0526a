/**
 * The commands that member events stand for: `member.add`, `member.update`
 * (a rename, a role change, a hand-over of ownership with or without a
 * rename) and `invite.accept` (a new member, or a placeholder claimed).
 *
 * @module
 */
import { MemberAddInput, MemberUpdateInput } from "../commands.ts";
import type { GroupEventOf } from "../events.ts";
import { DisplayName, input, is, one, Unrecognised } from "./recognised.ts";
import type { Recognised, Run } from "./recognised.ts";

/** A `MemberAdded`: a `member.add`, or an `invite.accept` when its `InviteAccepted` follows. */
export function recogniseMemberAdded(e0: GroupEventOf<"MemberAdded">, run: Run): Recognised {
  const { e1, waiting, at } = run;
  if (waiting(2)) return { kind: "more" };
  if (is(e1, "InviteAccepted")) {
    return one(2, {
      type: "invite.accept",
      inviteId: e1.data.inviteId,
      newMemberId: e0.data.memberId,
      name: input(DisplayName, e0.data.name, "new member's name"),
      now: at,
    });
  }
  const body = input(MemberAddInput, { name: e0.data.name, role: e0.data.role }, "member");
  return one(1, {
    type: "member.add",
    memberId: e0.data.memberId,
    name: body.name,
    userId: e0.data.userId,
    role: body.role,
  });
}

/** A rename, with a role change or a hand-over of ownership after it: one `member.update`. */
export function recogniseMemberRenamed(e0: GroupEventOf<"MemberRenamed">, run: Run): Recognised {
  const { e1, e2, waiting } = run;
  const target = e0.data.memberId;
  if (waiting(2)) return { kind: "more" };
  let count = 1;
  let role: string | undefined;
  if (is(e1, "MemberRoleChanged") && e1.data.memberId === target) {
    count = 2;
    role = e1.data.role;
  } else if (is(e1, "MemberRoleChanged") && e1.data.role === "admin") {
    // Maybe a hand-over with a rename: the actor steps down, then the target becomes owner.
    if (waiting(3)) return { kind: "more" };
    if (
      is(e2, "MemberRoleChanged") && e2.data.memberId === target && e2.data.role === "owner"
    ) {
      count = 3;
      role = "owner";
    }
  }
  const body = input(
    MemberUpdateInput,
    { name: e0.data.name, ...(role ? { role } : {}) },
    "member change",
  );
  return one(count, { type: "member.update", memberId: target, ...body });
}

/** A role change, or the actor stepping down then the target made owner: a `member.update`. */
export function recogniseMemberRoleChanged(
  e0: GroupEventOf<"MemberRoleChanged">,
  run: Run,
): Recognised {
  const { e1, waiting } = run;
  if (e0.data.role === "admin") {
    if (waiting(2)) return { kind: "more" };
    if (
      is(e1, "MemberRoleChanged") && e1.data.role === "owner" &&
      e1.data.memberId !== e0.data.memberId
    ) {
      return one(2, { type: "member.update", memberId: e1.data.memberId, role: "owner" });
    }
  }
  const body = input(MemberUpdateInput, { role: e0.data.role }, "member change");
  return one(1, { type: "member.update", memberId: e0.data.memberId, ...body });
}

/** A placeholder claimed (perhaps with a role change), then its `InviteAccepted`: an `invite.accept`. */
export function recogniseMemberClaimed(e0: GroupEventOf<"MemberClaimed">, run: Run): Recognised {
  const { e1, e2, waiting, at } = run;
  if (waiting(2)) return { kind: "more" };
  let accepted = e1;
  if (is(e1, "MemberRoleChanged") && e1.data.memberId === e0.data.memberId) {
    if (waiting(3)) return { kind: "more" };
    accepted = e2;
  }
  if (!is(accepted, "InviteAccepted")) {
    throw new Unrecognised(
      "a MemberClaimed must be followed by the InviteAccepted of its invite",
    );
  }
  return one(accepted === e1 ? 2 : 3, {
    type: "invite.accept",
    inviteId: accepted.data.inviteId,
    // A claim keeps the member's id and name: the decider uses neither.
    newMemberId: e0.data.memberId,
    name: "",
    now: at,
  });
}
