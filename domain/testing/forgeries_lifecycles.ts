/**
 * Forgeries of lifecycles and roles the command side refuses. Part of `FORGERIES`
 * (`forgery.ts`), in its order.
 *
 * @module
 */
import type { Forgery } from "./forgery.ts";
import type { ExpenseData } from "../group/events.ts";
import { balanceOf } from "../group/state.ts";
import {
  choose,
  commandStarts,
  edit,
  forgedEvent,
  forgedId,
  indices,
  insert,
  isExpense,
  ownerUser,
  stateBefore,
} from "./_forgery_kit.ts";

/** See `FORGERIES`. */
export const LIFECYCLE_FORGERIES: readonly Forgery[] = [
  // Lifecycles.
  {
    name: "lifecycle: an expense voided twice",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseVoided"), pick);
      if (i === null) return null;
      const d = events[i].data as { expenseId: string; revision: number };
      return insert(
        events,
        i + 1,
        forgedEvent(events[i], "ExpenseVoided", { ...d, revision: d.revision + 1 }, 1),
      );
    },
  },
  {
    name: "lifecycle: an expense amended after its void",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseVoided"), pick);
      if (i === null) return null;
      const v = events[i].data as { expenseId: string; revision: number };
      const last = events.slice(0, i).findLast((e) =>
        isExpense(e) && (e.data as ExpenseData).expenseId === v.expenseId
      )!;
      return insert(
        events,
        i + 1,
        forgedEvent(events[i], "ExpenseAmended", {
          ...(last.data as ExpenseData),
          revision: v.revision + 1,
        }, 1),
      );
    },
  },
  {
    name: "lifecycle: a settlement voided twice",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "SettlementVoided"), pick);
      if (i === null) return null;
      const d = events[i].data as { settlementId: string; revision: number };
      return insert(
        events,
        i + 1,
        forgedEvent(events[i], "SettlementVoided", { ...d, revision: d.revision + 1 }, 1),
      );
    },
  },
  {
    name: "lifecycle: an expense recorded twice",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseRecorded"), pick);
      return i === null
        ? null
        : insert(events, i + 1, forgedEvent(events[i], "ExpenseRecorded", events[i].data, 1));
    },
  },
  {
    name: "lifecycle: a member with a balance removed",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      if (i === null) return null;
      const state = stateBefore(events, i + 1);
      const owner = ownerUser(state);
      const debtor = [...state.members.values()].find((m) =>
        m.active && m.role !== "owner" && balanceOf(state, m.id) !== 0n
      );
      if (!owner || !debtor) return null;
      return insert(
        events,
        i + 1,
        forgedEvent(
          events[i],
          "MemberDeactivated",
          { memberId: debtor.id, revision: debtor.revision + 1 },
          1,
          { actor: owner },
        ),
      );
    },
  },
  {
    name: "lifecycle: two events swapped",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(indices(events, (_e, i) => i > 0 && i + 1 < events.length), pick);
      if (i === null) return null;
      const copy = [...events];
      [copy[i], copy[i + 1]] = [copy[i + 1], copy[i]];
      return { events: copy, at: i };
    },
  },
  {
    name: "lifecycle: an event left out",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(indices(events, (_e, i) => i > 1), pick);
      return i === null ? null : { events: [...events.slice(0, i), ...events.slice(i + 1)], at: i };
    },
  },
  // Roles.
  {
    name: "role: a command by someone who is not a member",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) =>
            i > 1 && e.type !== "InviteAccepted" && e.type !== "MemberClaimed" &&
            events[i - 1].metadata.commandId !== e.metadata.commandId,
        ),
        pick,
      );
      return i === null ? null : edit(events, i, (e) => {
        e.metadata.actor = forgedId(99);
        e.metadata.commandId = `forged:${forgedId(98)}`;
      });
    },
  },
  {
    name: "role: a viewer records an expense",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "ExpenseRecorded"), pick);
      if (i === null) return null;
      const viewer = [...stateBefore(events, i).members.values()].find((m) =>
        m.active && m.userId !== null && (m.role === "viewer" || m.role === "auditor")
      );
      return viewer ? edit(events, i, (e) => e.metadata.actor = viewer.userId) : null;
    },
  },
  {
    name: "role: an admin grants admin",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(commandStarts(events), pick);
      if (i === null) return null;
      const state = stateBefore(events, i);
      const admin = [...state.members.values()].find((m) =>
        m.active && m.userId !== null && m.role === "admin"
      );
      const target = [...state.members.values()].find((m) =>
        m.active && (m.role === "member" || m.role === "viewer")
      );
      if (!admin || !target) return null;
      return insert(
        events,
        i,
        forgedEvent(
          events[i],
          "MemberRoleChanged",
          { memberId: target.id, revision: target.revision + 1, role: "admin" },
          1,
          { actor: admin.userId! },
        ),
      );
    },
  },
  {
    name: "role: the owner removed",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(commandStarts(events), pick);
      if (i === null) return null;
      const state = stateBefore(events, i);
      const owner = [...state.members.values()].find((m) => m.active && m.role === "owner")!;
      return insert(
        events,
        i,
        forgedEvent(
          events[i],
          "MemberDeactivated",
          { memberId: owner.id, revision: owner.revision + 1 },
          1,
          { actor: owner.userId! },
        ),
      );
    },
  },
  {
    name: "role: ownership taken without the owner stepping down",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(commandStarts(events), pick);
      if (i === null) return null;
      const state = stateBefore(events, i);
      const owner = ownerUser(state);
      const target = [...state.members.values()].find((m) =>
        m.active && m.userId !== null && m.role !== "owner"
      );
      if (!owner || !target) return null;
      return insert(
        events,
        i,
        forgedEvent(
          events[i],
          "MemberRoleChanged",
          { memberId: target.id, revision: target.revision + 1, role: "owner" },
          1,
          { actor: owner },
        ),
      );
    },
  },
  {
    name: "role: an invite accepted after it expired",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteAccepted"), pick);
      if (i === null) return null;
      const inviteId = (events[i].data as { inviteId: string }).inviteId;
      const created = events.find((e) =>
        e.type === "InviteCreated" && (e.data as { inviteId: string }).inviteId === inviteId
      )!;
      const late = new Date(Date.parse((created.data as { expiresAt: string }).expiresAt) + 60_000)
        .toISOString();
      const commandId = events[i].metadata.commandId;
      const copy = events.map((e) =>
        e.metadata.commandId === commandId ? { ...e, metadata: { ...e.metadata, at: late } } : e
      );
      return { events: copy, at: copy.findIndex((e) => e.metadata.commandId === commandId) };
    },
  },
  {
    name: "role: a command sent by another member",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(events, (e, i) =>
          i > 1 && e.type !== "InviteAccepted" &&
          events[i - 1].metadata.commandId !== e.metadata.commandId),
        pick,
      );
      if (i === null) return null;
      const others = [...stateBefore(events, i).members.values()].filter((m) =>
        m.active && m.userId !== null && m.userId !== events[i].metadata.actor
      );
      const other = others[pick % Math.max(1, others.length)];
      if (!other) return null;
      const commandId = events[i].metadata.commandId;
      const copy = events.map((e) =>
        e.metadata.commandId === commandId
          ? { ...e, metadata: { ...e.metadata, actor: other.userId! } }
          : e
      );
      return { events: copy, at: i };
    },
  },
];
