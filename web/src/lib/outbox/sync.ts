/**
 * Sends the outbox through `POST /v1/sync`, in order, exactly once: each
 * command keeps its id on every retry and the server is idempotent by id.
 * Runs in pages and in the service worker (Background Sync); the Web Lock
 * `kopek-sync` lets one context send at a time.
 *
 * Per result: below 400 the command is done (deleted, the cache updated);
 * 429, 503 and 5xx are transient (kept pending, retried later with the same
 * id); any other status rejects the command: it stays in the outbox with the
 * problem's detail until the person edits-and-retries or discards it. The
 * other commands go on either way.
 *
 * @module
 */
import { db, type ExpenseRow, invitesKey, type OutboxItem } from "../db.ts";
import { request, sawWrite } from "../api/client.ts";
import { ApiError, NetworkError } from "../api/errors.ts";
import { allocate, formatAmount, parseAmount } from "../money/mod.ts";
import type { Expense, ExpenseBody, Problem } from "../types.ts";
import { cacheSentComment } from "../data/comments.ts";
import { foldAcknowledged } from "./fold.ts";

/** How many commands one request carries (the server takes up to 500). */
const BATCH = 100;

/** One result of `POST /v1/sync`. */
interface SyncResult {
  id: string;
  status: number;
  result?: Record<string, unknown>;
  problem?: Problem;
}

/** What one flush did. */
export interface SyncReport {
  applied: number;
  rejected: number;
  /** Commands kept for later (transient errors or offline). */
  deferred: number;
  /** The highest event position written (for read-your-writes). */
  position: number;
  /** Groups whose data changed. */
  groups: string[];
  /** Why sending stopped early, if it did. */
  error?: string;
  offline?: boolean;
}

/** The channel on which contexts hear that a sync applied commands. */
export const SYNC_CHANNEL = "kopek-sync";

/** A message on {@linkcode SYNC_CHANNEL}. */
export interface SyncedMessage {
  type: "synced";
  groups: string[];
  position: number;
}

function transient(status: number): boolean {
  return status === 429 || status === 503 || status >= 500 || status === 0;
}

/** Runs `f` while holding the sync lock, or returns null when another context holds it. */
async function exclusive<T>(f: () => Promise<T>): Promise<T | null> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return f();
  return await locks.request(SYNC_CHANNEL, { ifAvailable: true }, (lock) => (lock ? f() : null)) as T | null;
}

/** Brings the cache in line with an applied command, so the UI does not flicker until refetch. */
async function applyToCache(item: OutboxItem, result: Record<string, unknown>): Promise<void> {
  const version = Number(result.version ?? 0);
  switch (item.type) {
    case "expense.record":
    case "expense.amend": {
      const body = item.body as unknown as ExpenseBody & { expenseId?: string };
      const id = item.type === "expense.record" ? item.id : String(body.expenseId);
      const converted = (result.converted as Expense["converted"] | undefined) ?? body.total;
      const currency = converted.currency;
      let paid: Expense["paid"] = [];
      try {
        // A refund's amounts are negative: allocate over their magnitudes (ADR 0050).
        const weights = body.paidBy.map((p) => {
          const v = parseAmount(p.amount, body.total.currency);
          return v < 0n ? -v : v;
        });
        const minor = allocate(parseAmount(converted.amount, currency), weights);
        paid = body.paidBy.map((p, i) => ({ memberId: p.memberId, amount: formatAmount(minor[i], currency) }));
      } catch { /* the server accepted it; its next read fills this in */ }
      const before = await db.expenses.get(id);
      const row: ExpenseRow = {
        ...(before ?? {}),
        id,
        groupId: item.groupId,
        kind: "expense",
        version,
        voided: false,
        date: body.date,
        description: body.description,
        category: body.category,
        note: body.note ?? null,
        total: body.total,
        fx: (result.fx as Expense["fx"]) ?? null,
        converted,
        paidBy: body.paidBy,
        split: body.split,
        paid,
        shares: (result.shares as Expense["shares"]) ?? [],
        items: body.items ?? null,
        charges: body.charges ?? null,
      };
      await db.expenses.put(row);
      return;
    }
    case "expense.void": {
      const id = String(item.body.expenseId);
      await db.expenses.update(id, { voided: true, version });
      return;
    }
    case "invite.revoke": {
      // The cached list shows it revoked until the next read.
      const key = invitesKey(item.groupId);
      const row = await db.kv.get(key);
      if (Array.isArray(row?.value)) {
        const value = (row.value as { id: string; status: string }[])
          .map((i) => (i.id === item.body.inviteId ? { ...i, status: "revoked" } : i));
        await db.kv.put({ key, value });
      }
      return;
    }
    case "group.create": {
      await db.groups.put({
        id: item.groupId,
        name: String(result.name ?? item.body.name),
        currency: String(result.currency ?? item.body.currency),
        role: "owner",
        memberCount: 1,
        fetchedAt: new Date().toISOString(),
      });
      return;
    }
    case "comment.add":
      await cacheSentComment(item, result);
      return;
    default:
      return;
  }
}

async function settle(item: OutboxItem, r: SyncResult, report: SyncReport): Promise<void> {
  if (r.status < 400) {
    const result = r.result ?? {};
    // Before the cache shows it: reads from now on wait until the read models have it.
    const position = Number(result.position ?? 0);
    await sawWrite(position);
    // One transaction, so that no page sees the command both pending and counted, or neither.
    await db.transaction("rw", db.tables, async () => {
      await foldAcknowledged(item, position);
      await applyToCache(item, result);
      await db.results.put({
        id: item.id,
        type: item.type,
        groupId: item.groupId,
        status: r.status,
        result,
        at: new Date().toISOString(),
      });
      await db.outbox.delete(item.seq!);
    });
    report.applied++;
    report.position = Math.max(report.position, Number(result.position ?? 0));
    if (!report.groups.includes(item.groupId)) report.groups.push(item.groupId);
  } else if (transient(r.status)) {
    report.deferred++;
    report.error = r.problem?.detail ?? `the server answered ${r.status}`;
  } else {
    await db.outbox.update(item.seq!, {
      status: "rejected",
      problem: r.problem ?? { status: r.status, detail: `the server answered ${r.status}` },
    });
    report.rejected++;
  }
}

async function post(batch: OutboxItem[]): Promise<{ results: SyncResult[]; position: number }> {
  const { data } = await request<{ results: SyncResult[]; position: number }>("/v1/sync", {
    method: "POST",
    body: {
      commands: batch.map((i) => ({ id: i.id, type: i.type, groupId: i.groupId, body: i.body })),
    },
  });
  return data;
}

/**
 * Sends every pending command, oldest first. Returns null when another tab or
 * the service worker is sending already (it will pick up new commands too).
 */
export async function flushOutbox(): Promise<SyncReport | null> {
  return await exclusive(async () => {
    const report: SyncReport = { applied: 0, rejected: 0, deferred: 0, position: 0, groups: [] };
    try {
      for (;;) {
        const pending = (await db.outbox.where("status").equals("pending").sortBy("seq"))
          .slice(0, BATCH);
        if (pending.length === 0) break;
        // Counted before sending: once sent, a command may be applied and is never rewritten.
        await db.outbox.bulkUpdate(pending.map((i) => ({ key: i.seq!, changes: { attempts: i.attempts + 1 } })));
        let answer: { results: SyncResult[] };
        try {
          answer = await post(pending);
        } catch (e) {
          // The batch as a whole was refused (not one command): send one by one to find the bad one.
          if (e instanceof ApiError && !transient(e.status) && e.status !== 401) {
            if (pending.length === 1) {
              await settle(pending[0], { id: pending[0].id, status: e.status, problem: e.problem }, report);
              continue;
            }
            for (const item of pending) {
              try {
                const one = await post([item]);
                await settle(item, one.results[0], report);
              } catch (inner) {
                if (inner instanceof ApiError && !transient(inner.status) && inner.status !== 401) {
                  await settle(item, { id: item.id, status: inner.status, problem: inner.problem }, report);
                } else throw inner;
              }
            }
            continue;
          }
          throw e;
        }
        const byId = new Map(answer.results.map((r) => [r.id, r]));
        for (const item of pending) {
          const r = byId.get(item.id);
          await settle(item, r ?? { id: item.id, status: 0 }, report);
        }
        // Transient failures wait for the next round, so that the queue does not spin.
        if (report.deferred > 0) break;
      }
    } catch (e) {
      report.error = e instanceof Error ? e.message : String(e);
      report.offline = e instanceof NetworkError;
      if (!(e instanceof NetworkError) && !(e instanceof ApiError)) throw e;
    } finally {
      await db.kv.put({
        key: "sync",
        value: { at: new Date().toISOString(), error: report.error ?? null, offline: !!report.offline },
      });
      // Results are kept for a day, for pages that wait for one (an invite's code).
      const old = new Date(Date.now() - 86_400_000).toISOString();
      await db.results.filter((r) => r.at < old).delete();
      if (report.applied > 0) {
        const message: SyncedMessage = { type: "synced", groups: report.groups, position: report.position };
        const channel = new BroadcastChannel(SYNC_CHANNEL);
        channel.postMessage(message);
        // Every other BroadcastChannel object hears it, in this context too.
        channel.close();
      }
    }
    return report;
  });
}
