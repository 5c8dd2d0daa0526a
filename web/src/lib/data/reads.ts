/**
 * Reads from the API that also fill the cache, so that every group opened
 * before can be browsed offline. Pages show the cache (Dexie live queries)
 * and call these to refresh it; `minPosition` asks for read-your-writes.
 *
 * @module
 */
import { guestRoleIn } from "../guest.ts";
import { db, type ExpenseRow, invitesKey, loadSession } from "../db.ts";
import { request, requestRaw } from "../api/client.ts";
import { ApiError } from "../api/errors.ts";
import { reconcileWindow, windowOf } from "./reconcile.ts";
import { keepsFold } from "../outbox/fold.ts";
import type {
  ActivityItem,
  Balances,
  Expense,
  ExpenseFilters,
  GroupDetail,
  GroupListItem,
  Invite,
  Page,
  RatesTable,
  User,
} from "../types.ts";

const now = () => new Date().toISOString();

/** `GET /v1/groups` (every page): replaces the cached list, keeping cached details. */
export async function refreshGroups(minPosition?: number): Promise<GroupListItem[]> {
  const items: GroupListItem[] = [];
  let cursor: string | null = null;
  do {
    const qs: string = cursor ? `?limit=500&cursor=${encodeURIComponent(cursor)}` : "?limit=500";
    const { data }: { data: Page<GroupListItem> } = await request<Page<GroupListItem>>(`/v1/groups${qs}`, { minPosition });
    items.push(...data.items);
    cursor = data.nextCursor;
  } while (cursor);
  await db.transaction("rw", db.groups, async () => {
    const keep = new Set(items.map((g) => g.id));
    const gone = (await db.groups.toArray()).filter((g) => !keep.has(g.id)).map((g) => g.id);
    await db.groups.bulkDelete(gone);
    for (const g of items) {
      const old = await db.groups.get(g.id);
      await db.groups.put({ ...old, ...g, fetchedAt: now() });
    }
  });
  return items;
}

/** `GET /v1/groups/{g}`: the group and its members. A 404 drops the group from the cache. */
export async function refreshGroup(groupId: string, minPosition?: number): Promise<GroupDetail> {
  try {
    const { data } = await request<GroupDetail>(`/v1/groups/${groupId}`, { minPosition });
    const stored = await loadSession();
    const me = stored?.user.id;
    // A guest (ADR 0059) has its link's role, as its placeholder member.
    const guestRole = guestRoleIn(stored, groupId);
    const mine = guestRole ? { role: guestRole } : data.members.find((m) => m.userId === me && m.active);
    await db.transaction("rw", db.groups, async () => {
      const old = await db.groups.get(groupId);
      await db.groups.put({
        ...old,
        id: data.id,
        name: data.name,
        currency: data.currency,
        role: mine?.role ?? old?.role ?? "viewer",
        memberCount: data.members.filter((m) => m.active).length,
        detail: data,
        fetchedAt: now(),
      });
    });
    return data;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) await forgetGroup(groupId);
    throw e;
  }
}

/**
 * `GET /v1/groups/{g}/invites` (the newest 100; owners and admins), into the
 * cache. Anyone else gets 403: the cache then holds nothing.
 */
export async function refreshInvites(groupId: string, minPosition?: number): Promise<Invite[]> {
  let items: Invite[] = [];
  try {
    ({ data: { items } } = await request<Page<Invite>>(`/v1/groups/${groupId}/invites?limit=100`, { minPosition }));
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 403)) throw e;
  }
  await db.kv.put({ key: invitesKey(groupId), value: items });
  return items;
}

/** Drops a group the caller no longer sees from the cache. */
export async function forgetGroup(groupId: string): Promise<void> {
  await db.transaction("rw", [db.groups, db.balances, db.expenses, db.activity, db.kv], async () => {
    await db.kv.delete(invitesKey(groupId));
    await db.groups.delete(groupId);
    await db.balances.delete(groupId);
    await db.activity.delete(groupId);
    await db.expenses.where("groupId").equals(groupId).delete();
  });
}

/** `GET /v1/groups/{g}/balances`. */
export async function refreshBalances(groupId: string, minPosition?: number): Promise<Balances> {
  const { data, position } = await request<Balances>(`/v1/groups/${groupId}/balances`, { minPosition });
  await db.transaction("rw", db.balances, async () => {
    // An answer from before a write this device folded in would show the write undone.
    if (keepsFold(await db.balances.get(groupId), position ?? 0)) return;
    await db.balances.put({ groupId, balances: data, position: position ?? 0, fetchedAt: now() });
  });
  return data;
}

function filterQuery(f: ExpenseFilters): string {
  const p = new URLSearchParams();
  for (const key of ["q", "category", "memberId", "from", "to"] as const) {
    const v = f[key]?.trim();
    if (v) p.set(key, v);
  }
  return p.toString();
}

/**
 * One page of `GET /v1/groups/{g}/expenses`, newest first, without the voided
 * ones. It is read with the voided ones, and it replaces the cached rows of
 * the window it covers (ADR 0040, `reconcile.ts`): voids and moves elsewhere
 * reach the cache, so what the device shows later, offline too, is this.
 */
export async function fetchExpenses(
  groupId: string,
  filters: ExpenseFilters,
  options: { cursor?: string | null; limit?: number; minPosition?: number; signal?: AbortSignal } = {},
): Promise<Page<Expense>> {
  const qs = new URLSearchParams(filterQuery(filters));
  qs.set("limit", String(options.limit ?? 50));
  qs.set("includeVoided", "true");
  if (options.cursor) qs.set("cursor", options.cursor);
  const { data, position } = await request<Page<Expense>>(`/v1/groups/${groupId}/expenses?${qs}`, {
    minPosition: options.minPosition,
    signal: options.signal,
  });
  const answer = { items: data.items, first: !options.cursor, last: !data.nextCursor };
  await db.transaction("rw", [db.expenses, db.results], async () => {
    const window = windowOf(answer);
    const inWindow = window
      ? await db.expenses
        .where("[groupId+date]")
        .between([groupId, window.after ?? "0000-00-00"], [groupId, window.before ?? "9999-99-99"], true, true)
        .toArray()
      : [];
    const answered = (await db.expenses.bulkGet(data.items.map((e) => e.id))).filter((r): r is ExpenseRow => !!r);
    const cached = [...new Map([...inWindow, ...answered].map((r) => [r.id, r])).values()];
    // This device's writes applied after the answer's position: the answer may not have them yet.
    const keep = new Set(
      (await db.results.where("groupId").equals(groupId).toArray())
        .filter((r) => Number(r.result?.position ?? 0) > (position ?? 0))
        .map((r) => r.id),
    );
    const { put, drop } = reconcileWindow(cached, answer, filters, keep);
    await db.expenses.bulkDelete(drop);
    await db.expenses.bulkPut(put.map((e) => ({ ...e, groupId })));
  });
  return { items: data.items.filter((e) => !e.voided), nextCursor: data.nextCursor };
}

/**
 * The cached expenses of a group matching filters, newest first, for offline
 * browsing: `offset`/`limit` page through them (the server's order: date,
 * then creation).
 */
export async function cachedExpenses(
  groupId: string,
  filters: ExpenseFilters,
  offset: number,
  limit: number,
  matches: (e: Expense, f: ExpenseFilters) => boolean,
): Promise<{ items: ExpenseRow[]; more: boolean }> {
  const rows = await db.expenses
    .where("[groupId+date]")
    .between([groupId, filters.from || "0000-00-00"], [groupId, filters.to || "9999-99-99"], true, true)
    .reverse()
    .filter((e) => !e.voided && matches(e, filters))
    .offset(offset)
    .limit(limit + 1)
    .toArray();
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

/**
 * Reads every expense of a group (voided ones too, so the cache learns of
 * voids) and replaces the group's cached expenses with them: the data of
 * client-side reports. Calls `progress` with the count so far.
 */
export async function syncAllExpenses(groupId: string, progress?: (n: number) => void, minPosition?: number): Promise<number> {
  const all: Expense[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams({ limit: "500", includeVoided: "true" });
    if (cursor) qs.set("cursor", cursor);
    const { data }: { data: Page<Expense> } = await request<Page<Expense>>(`/v1/groups/${groupId}/expenses?${qs}`, { minPosition });
    all.push(...data.items);
    cursor = data.nextCursor;
    progress?.(all.length);
  } while (cursor);
  await db.transaction("rw", db.expenses, async () => {
    await db.expenses.where("groupId").equals(groupId).delete();
    await db.expenses.bulkPut(all.map((e) => ({ ...e, groupId })));
  });
  await db.kv.put({ key: `expenses-synced:${groupId}`, value: now() });
  return all.length;
}

/**
 * `GET /v1/groups/{g}/expenses/{e}` at `minPosition` or later, into the cache
 * (voided too: the page then says so). A cached row is never replaced by an
 * older version of itself.
 */
export async function fetchExpense(groupId: string, expenseId: string, minPosition?: number): Promise<Expense> {
  const { data } = await request<Expense>(`/v1/groups/${groupId}/expenses/${expenseId}`, { minPosition });
  await db.transaction("rw", db.expenses, async () => {
    const old = await db.expenses.get(expenseId);
    if (!old || old.version <= data.version) await db.expenses.put({ ...data, groupId });
  });
  return data;
}

/**
 * `GET /v1/groups/{g}/activity` (newest first). A server without the feed
 * (404) caches null: pages then show nothing.
 */
export async function refreshActivity(groupId: string, minPosition?: number): Promise<ActivityItem[] | null> {
  let items: ActivityItem[] | null;
  try {
    const { data } = await request<Page<ActivityItem>>(`/v1/groups/${groupId}/activity?limit=100`, { minPosition });
    items = Array.isArray(data?.items) ? data.items : [];
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      // The group itself may be gone, or only the route is missing.
      items = null;
    } else throw e;
  }
  await db.activity.put({ groupId, items, fetchedAt: now() });
  return items;
}

/** `GET /v1/rates?base=&date=`; null when the server has no rates for it (404). */
export async function fetchRates(base: string, date?: string): Promise<RatesTable | null> {
  const qs = new URLSearchParams({ base });
  if (date) qs.set("date", date);
  try {
    const { data } = await request<RatesTable>(`/v1/rates?${qs}`);
    await db.kv.put({ key: `rates:${base}:${date ?? ""}`, value: data });
    return data;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 422)) return null;
    const cached = await db.kv.get(`rates:${base}:${date ?? ""}`);
    if (cached) return cached.value as RatesTable;
    throw e;
  }
}

/** `GET /v1/me`. */
export async function fetchMe(): Promise<User> {
  const { data } = await request<User>("/v1/me");
  return data;
}

/**
 * Downloads an export (`export.csv`, `export.sql`) with the bearer token and
 * hands it to the browser as a file.
 */
export async function downloadExport(groupId: string, kind: "csv" | "sql", fallbackName: string): Promise<void> {
  const res = await requestRaw(`/v1/groups/${groupId}/export.${kind}`, {
    headers: { Accept: kind === "csv" ? "text/csv" : "application/sql" },
  });
  const blob = await res.blob();
  const disposition = res.headers.get("content-disposition") ?? "";
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = decodeURIComponent(name);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
