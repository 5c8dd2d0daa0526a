/**
 * The PWA's IndexedDB (Dexie): the session, the read cache that makes every
 * group opened before browsable offline, and the outbox of writes.
 *
 * @module
 */
import { Dexie, type EntityTable } from "dexie";
import type {
  ActivityItem,
  Balances,
  CommandType,
  Expense,
  ExpenseBody,
  GroupDetail,
  GroupListItem,
  Problem,
  Session,
} from "./types.ts";

/** A group as cached: the list item, and the detail once the group was opened. */
export interface GroupRow extends GroupListItem {
  detail?: GroupDetail;
  /** When the list item or the detail was last read from the server. */
  fetchedAt: string;
}

/** A group's balances as last read. */
export interface BalancesRow {
  groupId: string;
  balances: Balances;
  /** The `Kopek-Position` the data reflects. */
  position: number;
  fetchedAt: string;
  /**
   * Set when the sync moved these numbers by a write acknowledged after `position`
   * (`outbox/fold.ts`): the highest such write's position, and when (ms since the epoch).
   */
  folded?: { position: number; at: number };
}

/** A cached expense. */
export interface ExpenseRow extends Expense {
  groupId: string;
}

/** A group's activity feed as last read (null: the server has no feed). */
export interface ActivityRow {
  groupId: string;
  items: ActivityItem[] | null;
  fetchedAt: string;
}

/**
 * A write waiting to reach the server, or refused by it. `seq` keeps the
 * order; `id` is the sync command id (for creates also the new entity's id).
 */
export interface OutboxItem {
  seq?: number;
  id: string;
  type: CommandType;
  groupId: string;
  body: Record<string, unknown>;
  /** `pending` until the server applied it (then it is deleted) or refused it (`rejected`). */
  status: "pending" | "rejected";
  /** How many times it was sent: once sent, it may have been applied, so it is never rewritten. */
  attempts: number;
  problem?: Problem;
  /** What a person reads in the outbox list ("Dinner at Luigi's, 90.00 EUR"). */
  label: string;
  createdAt: string;
  /**
   * For an amend or void with `ifMatch`: the expense as it stood at that
   * version, the base of the conflict screen's three-way view (ADR 0041).
   */
  base?: { version: number; body: ExpenseBody };
}

/** The answer to an applied command, kept a while for pages that wait for one (invites). */
export interface ResultRow {
  id: string;
  type: CommandType;
  groupId: string;
  status: number;
  result: Record<string, unknown>;
  at: string;
}

/** The `kv` key of a group's cached invites (`GET /v1/groups/{g}/invites`). */
export function invitesKey(groupId: string): string {
  return `invites:${groupId}`;
}

/**
 * A receipt or other file waiting on this device to be uploaded to its expense
 * (ADR 0056): chosen offline, or while the expense was still in the outbox, or
 * simply not sent yet. `id` is the attachment id the client chose: the upload
 * is `PUT …/expenses/{e}/attachments/{id}`, so sending it again is harmless.
 */
export interface QueuedAttachment {
  /** The order files were chosen in (uploads go oldest first). */
  seq?: number;
  id: string;
  groupId: string;
  expenseId: string;
  /** The file's name, as chosen. */
  name: string;
  /** The browser's media type for the file (a claim: the server checks the bytes). */
  type: string;
  size: number;
  /** The file's bytes, kept in IndexedDB until the server has them. */
  blob: Blob;
  /** `waiting` until uploaded (then deleted) or refused by the server (`refused`: kept until removed). */
  status: "waiting" | "refused";
  problem?: Problem;
  /** How many times an upload was started. */
  attempts: number;
  addedAt: string;
}

/** Small values by key: `session`, `sync` (last sync time and error), `invites:<g>`. */
export interface KvRow {
  key: string;
  value: unknown;
}

/** The Kopek database. */
export type KopekDb = Dexie & {
  kv: EntityTable<KvRow, "key">;
  groups: EntityTable<GroupRow, "id">;
  balances: EntityTable<BalancesRow, "groupId">;
  expenses: EntityTable<ExpenseRow, "id">;
  activity: EntityTable<ActivityRow, "groupId">;
  outbox: EntityTable<OutboxItem, "seq">;
  results: EntityTable<ResultRow, "id">;
  attachmentQueue: EntityTable<QueuedAttachment, "seq">;
};

/** Opens (and, on first use, creates) the database. */
export function openDb(name = "kopek"): KopekDb {
  const db = new Dexie(name) as KopekDb;
  db.version(1).stores({
    kv: "&key",
    groups: "&id, name",
    balances: "&groupId",
    expenses: "&id, groupId, [groupId+date]",
    activity: "&groupId",
    outbox: "++seq, &id, groupId, status",
    results: "&id, groupId",
  });
  // Files waiting to be uploaded (ADR 0056).
  db.version(2).stores({ attachmentQueue: "++seq, &id, expenseId, status" });
  return db;
}

/** The one database of this page or worker. */
export const db: KopekDb = openDb();

/** The stored session, or null when signed out. */
export async function loadSession(): Promise<Session | null> {
  const row = await db.kv.get("session");
  return (row?.value as Session | undefined) ?? null;
}

/** Stores a session; when another account signs in, the previous account's data is dropped. */
export async function saveSession(session: Session): Promise<void> {
  await db.transaction("rw", [db.kv, db.groups, db.balances, db.expenses, db.activity, db.outbox, db.results, db.attachmentQueue], async () => {
    const owner = (await db.kv.get("owner"))?.value as string | undefined;
    if (owner !== undefined && owner !== session.user.id) await clearData();
    await db.kv.put({ key: "owner", value: session.user.id });
    await db.kv.put({ key: "session", value: session });
  });
}

/** Forgets the tokens only (a session that ended): cached data and the outbox stay for the same account. */
export async function dropSession(): Promise<void> {
  await db.kv.delete("session");
}

/** Drops every cached read, the outbox, the results and the queued files (sign out on this device). */
export async function clearData(): Promise<void> {
  await Promise.all([
    db.groups.clear(),
    db.balances.clear(),
    db.expenses.clear(),
    db.activity.clear(),
    db.outbox.clear(),
    db.results.clear(),
    db.attachmentQueue.clear(),
  ]);
}
