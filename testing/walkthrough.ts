/**
 * A scripted walk through API.md against a running Kopek: two users, a group
 * with a placeholder member, expenses in all four split modes with several
 * payers and a foreign currency, a settlement, an amend with If-Match (and a
 * stale one), a void. It checks every answer and returns the final balances.
 *
 * The expected figures are worked out by hand in the comments, from API.md's
 * rounding rules, so that the walk checks the service against the contract and
 * not against itself.
 *
 * @module
 */
import assert from "node:assert/strict";
import { KopekClient } from "./client.ts";

/** What the walk leaves behind. */
export interface WalkResult {
  readonly groupId: string;
  readonly members: { ana: string; bob: string; chen: string };
  readonly balances: Record<string, unknown> & {
    members: { memberId: string; paid: Money; owed: Money; balance: Money }[];
    settleUp: { from: string; to: string; amount: Money }[];
  };
  readonly ana: KopekClient;
  readonly bob: KopekClient;
}

interface Money {
  amount: string;
  currency: string;
}

function expect(a: { status: number; body: unknown }, status: number, what: string) {
  assert.equal(a.status, status, `${what}: ${a.status} ${JSON.stringify(a.body)}`);
}

/** The group of the walk: Ana (its owner), Bob (bound to his account) and Chen (a placeholder). */
interface Walk {
  readonly ana: KopekClient;
  readonly bob: KopekClient;
  readonly g: string;
  readonly A: string;
  readonly B: string;
  readonly C: string;
}

/** An expense's body, dated and in "other" unless `body` says otherwise. */
const expense = (body: Record<string, unknown>) => ({
  date: "2026-11-20",
  category: "other",
  ...body,
});

/** The amounts of an answer's shares. */
const shares = (a: { body: Record<string, unknown> }) =>
  (a.body.shares as { memberId: string; amount: string }[]).map((s) => s.amount);

/** Two users, and Ana's group with Bob and the placeholder Chen. */
async function setUpGroup(base: string, tag: string): Promise<Walk> {
  const anon = new KopekClient(base);
  const { client: ana } = await anon.register(`ana-${tag}@example.com`, "Ana");
  const { client: bob } = await anon.register(`bob-${tag}@example.com`, "Bob");

  const group = await ana.post("/v1/groups", { name: "Lisbon trip", currency: "EUR" });
  expect(group, 201, "create group");
  const g = group.body.id as string;
  const A = group.body.memberId as string;
  const addBob = await ana.post(`/v1/groups/${g}/members`, {
    name: "Bob",
    email: `bob-${tag}@example.com`,
    role: "member",
  });
  expect(addBob, 201, "add Bob");
  assert.ok(addBob.body.userId, "Bob is bound to his account");
  const B = addBob.body.id as string;
  const addChen = await ana.post(`/v1/groups/${g}/members`, { name: "Chen", role: "member" });
  expect(addChen, 201, "add Chen");
  assert.equal(addChen.body.userId, null, "Chen is a placeholder");
  const C = addChen.body.id as string;

  return { ana, bob, g, A, B, C };
}

/** One expense in each split mode, one of them in a foreign currency; answers the taxi and the groceries. */
async function recordExpenses(walk: Walk) {
  const { ana, bob, g, A, B, C } = walk;
  // 1. equal: 100.00 paid 60.00 by Ana and 40.00 by Bob → 33.34 / 33.33 / 33.33
  const e1 = await bob.post(
    `/v1/groups/${g}/expenses`,
    expense({
      description: "Dinner",
      category: "food",
      total: { amount: "100.00", currency: "EUR" },
      paidBy: [{ memberId: A, amount: "60.00" }, { memberId: B, amount: "40.00" }],
      split: { mode: "equal", shares: [{ memberId: A }, { memberId: B }, { memberId: C }] },
    }),
  );
  expect(e1, 201, "equal expense");
  assert.deepEqual(shares(e1), ["33.34", "33.33", "33.33"]);
  assert.equal(e1.body.version, 1);

  // 2. exact: 250.00 paid by Bob → 100.00 / 75.50 / 74.50
  const e2 = await ana.post(
    `/v1/groups/${g}/expenses`,
    expense({
      description: "Hotel",
      category: "lodging",
      total: { amount: "250.00", currency: "EUR" },
      paidBy: [{ memberId: B, amount: "250.00" }],
      split: {
        mode: "exact",
        shares: [
          { memberId: A, amount: "100.00" },
          { memberId: B, amount: "75.50" },
          { memberId: C, amount: "74.50" },
        ],
      },
    }),
  );
  expect(e2, 201, "exact expense");
  assert.deepEqual(shares(e2), ["100.00", "75.50", "74.50"]);

  // 3. percent: 10.00 paid by Ana, 33.33 / 33.33 / 33.34 % → 3.33 / 3.33 / 3.34
  //    (1000 × 3333/10000 = 333.3 → 333, 333.3 → 333, 333.4 → 333; the left-over
  //    cent goes to the largest remainder, 4000 > 3000 = 3000: Chen)
  const e3 = await ana.post(
    `/v1/groups/${g}/expenses`,
    expense({
      description: "Taxi",
      category: "transport",
      total: { amount: "10.00", currency: "EUR" },
      paidBy: [{ memberId: A, amount: "10.00" }],
      split: {
        mode: "percent",
        shares: [
          { memberId: A, percent: "33.33" },
          { memberId: B, percent: "33.33" },
          { memberId: C, percent: "33.34" },
        ],
      },
    }),
  );
  expect(e3, 201, "percent expense");
  assert.deepEqual(shares(e3), ["3.33", "3.33", "3.34"]);

  // 4. shares: 20.00 paid 5.00 by Ana and 15.00 by Chen, weights 1:2:3
  //    → 333 r2, 666 r4, 1000 r0; the left-over cent goes to Bob: 3.33 / 6.67 / 10.00
  const e4 = await ana.post(
    `/v1/groups/${g}/expenses`,
    expense({
      description: "Groceries",
      category: "groceries",
      total: { amount: "20.00", currency: "EUR" },
      paidBy: [{ memberId: A, amount: "5.00" }, { memberId: C, amount: "15.00" }],
      split: {
        mode: "shares",
        shares: [{ memberId: A, weight: 1 }, { memberId: B, weight: 2 }, {
          memberId: C,
          weight: 3,
        }],
      },
    }),
  );
  expect(e4, 201, "shares expense");
  assert.deepEqual(shares(e4), ["3.33", "6.67", "10.00"]);

  // 5. foreign: 3000 JPY at the client's rate 0.0062 → 18.60 EUR, paid by Bob, split Ana/Bob
  const e5 = await bob.post(
    `/v1/groups/${g}/expenses`,
    expense({
      description: "Museum",
      category: "entertainment",
      total: { amount: "3000", currency: "JPY" },
      fx: { rate: "0.0062" },
      paidBy: [{ memberId: B, amount: "3000" }],
      split: { mode: "equal", shares: [{ memberId: A }, { memberId: B }] },
    }),
  );
  expect(e5, 201, "foreign expense");
  assert.deepEqual(e5.body.converted, { amount: "18.60", currency: "EUR" });
  assert.deepEqual(shares(e5), ["9.30", "9.30"]);

  return { taxi: e3, groceries: e4 };
}

/** A settlement, an amend of the taxi (and a stale one), a void of the groceries; answers the void. */
async function settleAmendVoid(
  walk: Walk,
  e3: { body: Record<string, unknown> },
  e4: { body: Record<string, unknown> },
) {
  const { ana, g, A, B, C } = walk;
  // A settlement: Chen pays Ana 20.00
  const s1 = await ana.post(`/v1/groups/${g}/settlements`, {
    from: C,
    to: A,
    amount: { amount: "20.00", currency: "EUR" },
    date: "2026-11-21",
  });
  expect(s1, 201, "settlement");

  // Amend the taxi with If-Match "1": 12.00 equally → 4.00 each; then a stale If-Match is a 412.
  const taxi = `/v1/groups/${g}/expenses/${e3.body.id}`;
  const amended = expense({
    description: "Taxi (with tip)",
    category: "transport",
    total: { amount: "12.00", currency: "EUR" },
    paidBy: [{ memberId: A, amount: "12.00" }],
    split: { mode: "equal", shares: [{ memberId: A }, { memberId: B }, { memberId: C }] },
  });
  const amend = await ana.put(taxi, amended, { "If-Match": '"1"' });
  expect(amend, 200, "amend");
  assert.equal(amend.body.version, 2);
  assert.deepEqual(shares(amend), ["4.00", "4.00", "4.00"]);
  expect(await ana.put(taxi, amended, { "If-Match": '"1"' }), 412, "stale amend");

  // Void the groceries.
  const voided = await ana.delete(`/v1/groups/${g}/expenses/${e4.body.id}`, { "If-Match": '"1"' });
  expect(voided, 200, "void");

  return voided;
}

/** Runs the walk; `tag` keeps emails unique when the walk runs twice against one server. */
export async function walkthrough(
  base: string,
  tag = crypto.randomUUID().slice(0, 8),
): Promise<WalkResult> {
  const walk = await setUpGroup(base, tag);
  const { ana, bob, g, A, B, C } = walk;
  const { taxi, groceries } = await recordExpenses(walk);
  const voided = await settleAmendVoid(walk, taxi, groceries);

  // Read our own writes.
  const balances = await bob.get(`/v1/groups/${g}/balances`, {
    "Kopek-Min-Position": String(voided.body.position),
  });
  expect(balances, 200, "balances");
  assert.ok(Number(balances.headers.get("Kopek-Position")) >= Number(voided.body.position));
  return {
    groupId: g,
    members: { ana: A, bob: B, chen: C },
    balances: balances.body as WalkResult["balances"],
    ana,
    bob,
  };
}

/**
 * The balances the walk must end with, by hand:
 * Ana:  paid 60.00 + 12.00 = 72.00; owes 33.34 + 100.00 + 4.00 + 9.30 + 20.00 (received) = 166.64 → −94.64
 * Bob:  paid 40.00 + 250.00 + 18.60 = 308.60; owes 33.33 + 75.50 + 4.00 + 9.30 = 122.13 → +186.47
 * Chen: paid 20.00 (sent); owes 33.33 + 74.50 + 4.00 = 111.83 → −91.83
 */
export const EXPECTED_BALANCES = {
  ana: { paid: "72.00", owed: "166.64", balance: "-94.64" },
  bob: { paid: "308.60", owed: "122.13", balance: "186.47" },
  chen: { paid: "20.00", owed: "111.83", balance: "-91.83" },
} as const;
