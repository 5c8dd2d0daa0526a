/**
 * An acknowledged command is folded into the cached balances in the transaction that takes it out
 * of the outbox, over Dexie on an in-memory IndexedDB (fake-indexeddb): the balances a page builds
 * from the cache never drop the expense between the server's answer and the next read, a read
 * answered before the write does not undo the fold, and the first read at or past it replaces it.
 * The server is played by a `fetch` that answers `POST /v1/sync` and the balances as the API does.
 */
import "fake-indexeddb/auto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testSession } from "../test_session.ts";
import { type BalancesRow, clearData, db, saveSession } from "../db.ts";
import type { Balances, ExpenseBody } from "../types.ts";
import { amendExpense, recordExpense } from "./outbox.ts";
import { flushOutbox } from "./sync.ts";
import { FOLD_MS, keepsFold } from "./fold.ts";
import { optimisticBalances } from "./overlay.ts";
import { refreshBalances } from "../data/reads.ts";

const G = "0193b6a2-0000-7000-8000-000000000001";
const E = "0193b6a2-0000-7000-8000-0000000000e1";
const eur = (amount: string) => ({ amount, currency: "EUR" });
const line = (memberId: string, paid: string, owed: string, balance: string) => ({
  memberId,
  paid: eur(paid),
  owed: eur(owed),
  balance: eur(balance),
});
const zero: Balances = {
  currency: "EUR",
  simplifyDebts: true,
  asOf: "2026-12-06T00:00:00Z",
  members: [line("ana", "0.00", "0.00", "0.00"), line("bea", "0.00", "0.00", "0.00")],
  settleUp: [],
};
const dinner = (amount: string): ExpenseBody => ({
  description: "Dinner",
  total: eur(amount),
  date: "2026-12-06",
  category: "food",
  paidBy: [{ memberId: "ana", amount }],
  split: { mode: "equal", shares: [{ memberId: "ana" }, { memberId: "bea" }] },
});

/** A server whose sync acknowledges every command at the next `positions` entry; balances answer `balances`. */
function fakeServer(positions: number[], balances: () => { body: Balances; position: number }) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = String(input);
    const json = (value: unknown, position: number) =>
      new Response(JSON.stringify(value), {
        status: 200,
        headers: { "content-type": "application/json", "kopek-position": String(position) },
      });
    if (path.endsWith("/v1/sync")) {
      const { commands } = JSON.parse(String(init?.body)) as { commands: { id: string; body: ExpenseBody }[] };
      const results = commands.map((c) => {
        const position = positions.shift()!;
        // The API's answer: the shares in group currency (these tests split whole cents in two).
        const half = (Number(c.body.total.amount) / 2).toFixed(2);
        const shares = [{ memberId: "ana", amount: half }, { memberId: "bea", amount: half }];
        return { id: c.id, status: 200, result: { id: c.id, position, version: 1, converted: c.body.total, shares } };
      });
      return json({ results, position: results.at(-1)!.result.position }, results.at(-1)!.result.position);
    }
    if (path.endsWith(`/v1/groups/${G}/balances`)) {
      const { body, position } = balances();
      return json(body, position);
    }
    return new Response(JSON.stringify({ status: 404, detail: "not found" }), { status: 404 });
  }) as typeof fetch;
  return { restore: () => (globalThis.fetch = realFetch) };
}

/** What the group page shows: the cached balances moved by the pending outbox. */
async function shown(): Promise<Record<string, string>> {
  const row = (await db.balances.get(G))!;
  const outbox = await db.outbox.where("groupId").equals(G).toArray();
  const cached = new Map((await db.expenses.toArray()).map((e) => [e.id, e]));
  const b = optimisticBalances(row.balances, outbox, G, cached);
  return Object.fromEntries(b.members.map((m) => [m.memberId, m.balance.amount]));
}

let server: ReturnType<typeof fakeServer> | undefined;

beforeEach(async () => {
  await clearData();
  await db.kv.clear();
  await saveSession(testSession);
  await db.balances.put({ groupId: G, balances: zero, position: 10, fetchedAt: new Date().toISOString() });
});
afterEach(() => {
  server?.restore();
  server = undefined;
});

describe("an acknowledged command folded into the cached balances", () => {
  it("keeps the expense in the balances once it leaves the outbox, until a read at its position replaces them", async () => {
    await recordExpense(G, dinner("30.00"), "Dinner", E);
    expect(await shown()).toEqual({ ana: "15.00", bea: "-15.00" });
    let answer = { body: zero, position: 11 };
    server = fakeServer([12], () => answer);

    const report = await flushOutbox();
    expect(report?.applied).toBe(1);
    expect(await db.outbox.count()).toBe(0);
    // Not pending any more, and still counted.
    expect(await shown()).toEqual({ ana: "15.00", bea: "-15.00" });
    expect((await db.balances.get(G))!.folded?.position).toBe(12);

    // A read answered before the write (position 11) does not show it undone.
    await refreshBalances(G);
    expect(await shown()).toEqual({ ana: "15.00", bea: "-15.00" });

    // The server's numbers at the write replace the fold.
    const after: Balances = {
      ...zero,
      members: [line("ana", "30.00", "15.00", "15.00"), line("bea", "0.00", "15.00", "-15.00")],
    };
    answer = { body: after, position: 12 };
    await refreshBalances(G);
    const row = (await db.balances.get(G))! as BalancesRow;
    expect(row.position).toBe(12);
    expect(row.folded).toBeUndefined();
    expect(row.balances).toEqual(after);
  });

  it("folds an edit as the difference from the expense as cached", async () => {
    await recordExpense(G, dinner("30.00"), "Dinner", E);
    server = fakeServer([12, 13], () => ({ body: zero, position: 0 }));
    await flushOutbox();
    await amendExpense(G, E, dinner("40.00"), 1, "Dinner");
    expect(await shown()).toEqual({ ana: "20.00", bea: "-20.00" });
    await flushOutbox();
    expect(await db.outbox.count()).toBe(0);
    expect(await shown()).toEqual({ ana: "20.00", bea: "-20.00" });
    expect((await db.balances.get(G))!.folded?.position).toBe(13);
  });

  it("does not fold an edit of an expense this device never read (its difference is unknown)", async () => {
    await amendExpense(G, E, dinner("40.00"), 3, "Dinner");
    server = fakeServer([12], () => ({ body: zero, position: 0 }));
    await flushOutbox();
    expect(await db.outbox.count()).toBe(0);
    const row = (await db.balances.get(G))!;
    expect(row.balances).toEqual(zero);
    expect(row.folded).toBeUndefined();
  });

  it("leaves balances alone that were read at or past the write", async () => {
    await db.balances.put({ groupId: G, balances: zero, position: 12, fetchedAt: new Date().toISOString() });
    await recordExpense(G, dinner("30.00"), "Dinner", E);
    server = fakeServer([12], () => ({ body: zero, position: 12 }));
    await flushOutbox();
    const row = (await db.balances.get(G))!;
    expect(row.balances).toEqual(zero);
    expect(row.folded).toBeUndefined();
  });
});

describe("keepsFold", () => {
  const now = 1_000_000;
  it("keeps a recent fold over an older answer, and no longer once the fold is old", () => {
    const row = { folded: { position: 12, at: now } };
    expect(keepsFold(row, 11, now + 1)).toBe(true);
    expect(keepsFold(row, 12, now + 1)).toBe(false);
    expect(keepsFold(row, 11, now + FOLD_MS)).toBe(false);
    expect(keepsFold({}, 0, now)).toBe(false);
    expect(keepsFold(undefined, 0, now)).toBe(false);
  });
});
