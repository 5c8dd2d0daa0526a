/**
 * A group as its pages show it, from the cache (live): the group and its
 * members, its balances with the pending outbox applied, and its outbox items.
 *
 * @module
 */
import { m as msg } from "../i18n/mod.ts";
import { type BalancesRow, db, type ExpenseRow, type OutboxItem } from "../db.ts";
import { optimisticBalances, type OptimisticBalances } from "../outbox/overlay.ts";
import type { Member, Role, Settlement } from "../types.ts";
import { cachedPayments } from "../data/payments.ts";
import { useLive } from "./live.svelte.ts";
import { session } from "./session.svelte.ts";

const WRITERS: readonly Role[] = ["owner", "admin", "member"];

/** Live data of one group. */
export function useGroup(groupId: () => string) {
  const row = useLive(() => {
    const g = groupId();
    return () => db.groups.get(g);
  }, undefined);
  // What the balances are made of, read in one transaction: the sync folds an acknowledged
  // command into the cached balances and takes it out of the outbox in one transaction too
  // (outbox/fold.ts), so no render shows it counted twice or not at all.
  const ledger = useLive(() => {
    const g = groupId();
    return () =>
      db.transaction("r", [db.balances, db.outbox, db.expenses, db.kv], async () => {
        const [balancesRow, outbox, kept] = await Promise.all([
          db.balances.get(g),
          db.outbox.where("groupId").equals(g).sortBy("seq"),
          cachedPayments(g),
        ]);
        // The cached expenses that pending edits and voids touch.
        const ids = outbox.filter((i) => i.type === "expense.amend" || i.type === "expense.void").map((i) => String(i.body.expenseId));
        const rows = (await db.expenses.bulkGet(ids)).filter((r): r is ExpenseRow => !!r);
        return {
          balancesRow,
          outbox,
          touched: new Map(rows.map((r) => [r.id, r])),
          // The payments kept on this device, for pending edits and voids of payments.
          payments: new Map<string, Settlement>(kept.map((p) => [p.id, p])),
        };
      });
  }, {
    balancesRow: undefined as BalancesRow | undefined,
    outbox: [] as OutboxItem[],
    touched: new Map<string, ExpenseRow>(),
    payments: new Map<string, Settlement>(),
  });

  const members = $derived<Member[]>(row.current?.detail?.members ?? []);
  // A guest (ADR 0059) is its placeholder member.
  const me = $derived(
    members.find((m) => (m.userId === session.user?.id || m.id === session.guest?.memberId) && m.active),
  );
  const balances = $derived<OptimisticBalances | null>(
    ledger.current.balancesRow
      ? optimisticBalances(ledger.current.balancesRow.balances, ledger.current.outbox, groupId(), ledger.current.touched, ledger.current.payments)
      : null,
  );
  const role = $derived<Role | undefined>(
    session.guest?.groupId === groupId() ? session.guest.role : (me?.role ?? row.current?.role),
  );
  const pendingCreate = useLive(() => {
    const g = groupId();
    return () => db.outbox.where("id").equals(g).first();
  }, undefined);

  return {
    get loaded() {
      return row.loaded;
    },
    get group() {
      return row.current;
    },
    get members() {
      return members;
    },
    get activeMembers() {
      return members.filter((m) => m.active);
    },
    get me() {
      return me;
    },
    get role() {
      return role;
    },
    get canWrite() {
      return !!role && WRITERS.includes(role);
    },
    get canManage() {
      return role === "owner" || role === "admin";
    },
    /** Owners and auditors read the event log and export the history as SQL. */
    get canAudit() {
      return role === "owner" || role === "auditor";
    },
    get balances() {
      return balances;
    },
    get balancesFetchedAt() {
      return ledger.current.balancesRow?.fetchedAt;
    },
    get outbox() {
      return ledger.current.outbox;
    },
    /** The queued create of this group, while it waits. */
    get pendingCreate() {
      return pendingCreate.current?.type === "group.create" ? pendingCreate.current : undefined;
    },
    memberName(id: string): string {
      const m = members.find((x) => x.id === id);
      if (!m) return "someone";
      return m.id === me?.id ? msg.common_you_suffix({ name: m.name }) : m.name;
    },
  };
}
