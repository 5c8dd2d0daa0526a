/**
 * The commands that events on the group itself stand for: `group.create`
 * (the group and its owner) and `group.update` (a rename and a currency
 * change, together or alone).
 *
 * @module
 */
import { GroupCreateInput, GroupUpdateInput } from "../commands.ts";
import type { GroupEventOf } from "../events.ts";
import { DisplayName, input, is, one, Unrecognised } from "./recognised.ts";
import type { Recognised, Run } from "./recognised.ts";

/** A `GroupCreated` and its owner's `MemberAdded`: the `group.create`. */
export function recogniseGroupCreated(e0: GroupEventOf<"GroupCreated">, run: Run): Recognised {
  const { e1, waiting } = run;
  if (waiting(2)) return { kind: "more" };
  if (!is(e1, "MemberAdded")) {
    throw new Unrecognised("a GroupCreated must be followed by its owner's MemberAdded");
  }
  const body = input(
    GroupCreateInput,
    { name: e0.data.name, currency: e0.data.currency },
    "group",
  );
  return one(2, {
    type: "group.create",
    groupId: e0.data.groupId,
    name: body.name,
    currency: body.currency,
    ownerMemberId: e1.data.memberId,
    ownerName: input(DisplayName, e1.data.name, "owner's name"),
  });
}

/** A rename, a currency change, or a rename then a currency change: one `group.update`. */
export function recogniseGroupChange(
  e0: GroupEventOf<"GroupRenamed" | "GroupCurrencyChanged">,
  run: Run,
): Recognised {
  const { e1, waiting } = run;
  if (e0.type === "GroupRenamed" && waiting(2)) return { kind: "more" };
  const both = e0.type === "GroupRenamed" && is(e1, "GroupCurrencyChanged");
  const body = input(
    GroupUpdateInput,
    e0.type === "GroupRenamed"
      ? {
        name: e0.data.name,
        ...(both ? { currency: (e1 as GroupEventOf<"GroupCurrencyChanged">).data.currency } : {}),
      }
      : { currency: e0.data.currency },
    "group change",
  );
  return one(both ? 2 : 1, { type: "group.update", ...body });
}
