/**
 * `GET /v1/me/export`: everything Kopek holds about the caller, as one JSON
 * document: the account, its working sessions, and for each group they are an
 * active member of, the group, its members' names, their own member, and the
 * expenses and settlements their member takes part in (as payer or sharer,
 * as sender or receiver; current revision, voided ones marked). Entries of
 * the group they take no part in are the others' data and are left out; the
 * group's owner and auditors can export the whole group (`export.sql`).
 * Read straight from the event store, so it is exact at the moment it is made.
 *
 * @module
 */
import {
  type ExpenseData,
  foldGroup,
  groupStream,
  initialGroupState,
  parseGroupEvent,
  type SettlementData,
} from "@kopek/domain";
import type { EventStore } from "@kopek/eventstore";
import { listGroupsOfUser } from "@kopek/projector";
import type { Sql } from "@kopek/platform";
import { listSessions, loadAccount } from "./account_sessions.ts";

/** An expense or settlement at its current revision, with when it was first and last written. */
interface Entry<D> {
  data: D;
  voided: boolean;
  recordedAt: string;
  updatedAt: string;
}

/** One group of the export. */
async function groupOf(store: EventStore, groupId: string, userId: string) {
  const stored = await store.readStream(groupStream(groupId));
  const events = stored.map((e) => ({
    at: e.metadata.at,
    event: parseGroupEvent(e.type, e.schemaVersion, e.data),
  }));
  const state = foldGroup(initialGroupState(), events.map((e) => e.event));
  const own = [...state.members.values()].find((m) => m.userId === userId && m.active);
  if (!own) return null;
  const expenses = new Map<string, Entry<ExpenseData>>();
  const settlements = new Map<string, Entry<SettlementData>>();
  for (const { at, event } of events) {
    switch (event.type) {
      case "ExpenseRecorded":
      case "ExpenseAmended": {
        const before = expenses.get(event.data.expenseId);
        expenses.set(event.data.expenseId, {
          data: event.data,
          voided: false,
          recordedAt: before?.recordedAt ?? at,
          updatedAt: at,
        });
        break;
      }
      case "ExpenseVoided": {
        const e = expenses.get(event.data.expenseId);
        if (e) Object.assign(e, { voided: true, updatedAt: at });
        break;
      }
      case "SettlementRecorded": {
        const before = settlements.get(event.data.settlementId);
        settlements.set(event.data.settlementId, {
          data: event.data,
          voided: false,
          recordedAt: before?.recordedAt ?? at,
          updatedAt: at,
        });
        break;
      }
      case "SettlementVoided": {
        const s = settlements.get(event.data.settlementId);
        if (s) Object.assign(s, { voided: true, updatedAt: at });
        break;
      }
      default:
        break;
    }
  }
  const mine = (xs: readonly { memberId: string }[]) => xs.some((x) => x.memberId === own.id);
  return {
    id: groupId,
    name: state.name,
    currency: state.currency,
    member: { id: own.id, name: own.name, role: own.role },
    members: [...state.members.values()].map((m) => ({ id: m.id, name: m.name })),
    expenses: [...expenses.values()]
      .filter((e) => mine(e.data.paid) || mine(e.data.shares) || mine(e.data.paidBy))
      .map((e) => ({
        id: e.data.expenseId,
        revision: e.data.revision,
        voided: e.voided,
        description: e.data.description,
        category: e.data.category,
        date: e.data.date,
        note: e.data.note,
        total: e.data.total,
        converted: e.data.converted,
        fx: e.data.fx,
        paid: e.data.paid,
        shares: e.data.shares,
        recordedAt: e.recordedAt,
        updatedAt: e.updatedAt,
      })),
    settlements: [...settlements.values()]
      .filter((s) => s.data.from === own.id || s.data.to === own.id)
      .map((s) => ({
        id: s.data.settlementId,
        revision: s.data.revision,
        voided: s.voided,
        from: s.data.from,
        to: s.data.to,
        amount: s.data.amount,
        converted: s.data.converted,
        fx: s.data.fx,
        date: s.data.date,
        note: s.data.note,
        recordedAt: s.recordedAt,
        updatedAt: s.updatedAt,
      })),
  };
}

/** The export document of a user, or null when the account does not exist. */
export async function exportAccount(
  deps: { store: EventStore; sql: Sql },
  userId: string,
  options: { currentSessionId: string | null; now: Date },
) {
  const account = await loadAccount(deps.store, userId);
  if (!account.exists) return null;
  const groupIds: string[] = [];
  let after: { name: string; id: string } | null = null;
  for (;;) {
    const rows = await listGroupsOfUser(deps.sql, userId, { limit: 200, after });
    for (const r of rows) groupIds.push(r.id);
    if (rows.length < 200) break;
    const last = rows[rows.length - 1];
    after = { name: last.name, id: last.id };
  }
  const groups = [];
  for (const id of groupIds) {
    const group = await groupOf(deps.store, id, userId);
    if (group) groups.push(group);
  }
  return {
    format: "kopek-account-export",
    version: 1,
    exportedAt: options.now.toISOString(),
    account: {
      id: account.id,
      email: account.email,
      displayName: account.displayName,
      defaultCurrency: account.defaultCurrency,
      telegram: { linked: account.telegramUserId !== null },
    },
    sessions: await listSessions(deps.store, account, options),
    groups,
  };
}
