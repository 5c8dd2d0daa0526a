import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../errors.ts";
import { allocate } from "../money/allocate.ts";
import { parseAmount } from "../money/money.ts";
import { groupBalances } from "./balances.ts";
import type { ExpenseInput } from "./commands.ts";
import { computeExpense } from "./expense_math.ts";
import { groupEventSchemaVersion, parseGroupEvent } from "./events.ts";
import { equalExpense, groupWithMembers } from "../testing/group_fixtures.ts";

const { driver, members } = groupWithMembers(2);
const [ana, ben, cem] = members;
const state = driver.state;

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError, String(e));
    return e.code;
  }
  return "accepted";
}

const dinner: ExpenseInput = {
  description: "Dinner",
  total: { amount: "58.50", currency: "EUR" },
  date: "2026-11-20",
  category: "food",
  paidBy: [{ memberId: ana, amount: "58.50" }],
  items: [
    {
      description: "Pizza",
      amount: "20.00",
      split: { mode: "equal", shares: [{ memberId: ana }] },
    },
    {
      description: "Wine",
      amount: "30.00",
      split: { mode: "equal", shares: [{ memberId: ana }, { memberId: ben }] },
    },
  ],
  // 50.00 of items: tax 10 % = 5.00, tip 3.50.
  charges: { tax: { percent: "10" }, tip: { amount: "3.50" } },
};

Deno.test("computeExpense() itemizes: items, then charges by subtotal", () => {
  const d = computeExpense(state, dinner, null);
  // Ana 35.00, Ben 15.00 of items; 8.50 of charges → 5.95 and 2.55.
  assert.deepEqual(d.shares, [{ memberId: ana, amount: "40.95" }, {
    memberId: ben,
    amount: "17.55",
  }]);
  assert.deepEqual(d.split, {
    mode: "exact",
    shares: [{ memberId: ana, amount: "40.95" }, { memberId: ben, amount: "17.55" }],
  });
  assert.deepEqual(d.items, dinner.items);
  assert.deepEqual(d.charges, dinner.charges);
});

Deno.test("computeExpense() refuses nonsense itemized bills with clear codes", () => {
  const bad = (patch: Partial<ExpenseInput>) =>
    code(() => computeExpense(state, { ...dinner, ...patch }, null));
  assert.equal(
    bad({
      total: { amount: "58.49", currency: "EUR" },
      paidBy: [{ memberId: ana, amount: "58.49" }],
    }),
    "items.total_mismatch",
  );
  assert.equal(bad({ split: { mode: "equal", shares: [{ memberId: ana }] } }), "split.with_items");
  // Read back (split and items), it can be sent back as it is.
  const back = computeExpense(state, dinner, null);
  assert.equal(bad({ split: back.split as ExpenseInput["split"] }), "accepted");
  assert.equal(
    bad({ items: [{ ...dinner.items![0], amount: "-20.00" }, dinner.items![1]] }),
    "items.amount_sign",
  );
  assert.equal(
    bad({
      items: [{
        ...dinner.items![0],
        split: { mode: "shares", shares: [{ memberId: ana, weight: 0 }] },
      }],
    }),
    "split.weights_zero",
  );
  assert.equal(bad({ charges: { tax: { percent: "101" } } }), "items.charge_percent");
  const plain = equalExpense("10.00", members);
  assert.equal(
    code(() => computeExpense(state, { ...plain, split: undefined }, null)),
    "split.missing",
  );
  assert.equal(
    code(() => computeExpense(state, { ...plain, charges: { tip: { amount: "1" } } }, null)),
    "items.charges_without_items",
  );
});

Deno.test("computeExpense() splits by adjustment: equal plus or minus a fixed amount", () => {
  const d = computeExpense(state, {
    ...equalExpense("100.00", members),
    split: {
      mode: "adjustment",
      shares: [{ memberId: ana, adjustment: "5.00" }, { memberId: ben, adjustment: "0" }, {
        memberId: cem,
        adjustment: "-5.00",
      }],
    },
  }, null);
  assert.deepEqual(d.shares.map((s) => s.amount), ["38.34", "33.33", "28.33"]);
});

Deno.test("computeExpense() records a refund as the mirror image, and refuses mixed signs", () => {
  const refund = computeExpense(state, {
    ...equalExpense("-100.00", members),
    paidBy: [{ memberId: ana, amount: "-100.00" }],
  }, null);
  assert.deepEqual(refund.shares.map((s) => s.amount), ["-33.34", "-33.33", "-33.33"]);
  assert.deepEqual(refund.paid.map((s) => s.amount), ["-100.00"]);
  assert.equal(
    code(() =>
      computeExpense(state, {
        ...equalExpense("-100.00", members),
        paidBy: [{ memberId: ana, amount: "100.00" }],
      }, null)
    ),
    "money.sign",
  );
  assert.equal(code(() => computeExpense(state, equalExpense("0", members), null)), "money.zero");
  assert.equal(
    code(() =>
      computeExpense(state, {
        ...equalExpense("-10.00", members),
        paidBy: [{ memberId: ana, amount: "-10.00" }],
        split: {
          mode: "exact",
          shares: [{ memberId: ana, amount: "-11.00" }, { memberId: ben, amount: "1.00" }],
        },
      }, null)
    ),
    "money.sign",
  );
});

const anyBill = fc.record({
  items: fc.array(
    fc.record({
      cents: fc.integer({ min: 1, max: 1_000_000 }),
      who: fc.uniqueArray(fc.constantFrom(ana, ben, cem), { minLength: 1, maxLength: 3 }),
    }),
    { minLength: 1, maxLength: 12 },
  ),
  tax: fc.integer({ min: 0, max: 2000 }), // basis points
  tip: fc.integer({ min: 0, max: 100_000 }),
  refund: fc.boolean(),
});

const euros = (cents: bigint) => {
  const neg = cents < 0n;
  const m = neg ? -cents : cents;
  return `${neg ? "-" : ""}${m / 100n}.${(m % 100n).toString().padStart(2, "0")}`;
};

function billInput(
  b: fc.Arbitrary<unknown> extends never ? never
    : typeof anyBill extends fc.Arbitrary<infer T> ? T
    : never,
) {
  const s = b.refund ? -1n : 1n;
  const subtotal = b.items.reduce((a, i) => a + BigInt(i.cents), 0n);
  const taxPercent = `${Math.floor(b.tax / 100)}.${(b.tax % 100).toString().padStart(2, "0")}`;
  const taxNumerator = subtotal * BigInt(b.tax); // subtotal × bp / 10⁴, half up
  const tax = taxNumerator / 10_000n + ((taxNumerator % 10_000n) * 2n >= 10_000n ? 1n : 0n);
  const total = s * (subtotal + tax + BigInt(b.tip));
  const input: ExpenseInput = {
    description: "Bill",
    total: { amount: euros(total), currency: "EUR" },
    date: "2026-11-20",
    category: "food",
    paidBy: [{ memberId: ben, amount: euros(total) }],
    items: b.items.map((i, k) => ({
      description: `Item ${k}`,
      amount: euros(s * BigInt(i.cents)),
      split: { mode: "equal", shares: i.who.map((memberId) => ({ memberId })) },
    })),
    charges: { tax: { percent: taxPercent }, tip: { amount: euros(s * BigInt(b.tip)) } },
  };
  return { input, total };
}

Deno.test("property: an itemized expense's shares sum to its total; a refund negates it", () => {
  fc.assert(
    fc.property(anyBill, (b) => {
      const { input, total } = billInput(b);
      const d = computeExpense(state, input, null);
      const sum = d.shares.reduce((a, x) => a + parseAmount(x.amount, "EUR"), 0n);
      assert.equal(sum, total);
      const mirror = computeExpense(state, billInput({ ...b, refund: !b.refund }).input, null);
      assert.deepEqual(
        mirror.shares.map((x) => parseAmount(x.amount, "EUR")),
        d.shares.map((x) => -parseAmount(x.amount, "EUR")),
      );
    }),
    { numRuns: 200 },
  );
});

Deno.test("property: a refund moves balances back exactly (expense + refund = nothing)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 10_000_000 }), (cents) => {
      const { driver: d, members: m } = groupWithMembers(2);
      const amount = euros(BigInt(cents));
      d.run({
        type: "expense.record",
        expenseId: crypto.randomUUID(),
        input: equalExpense(amount, m),
        fx: null,
      });
      d.run({
        type: "expense.record",
        expenseId: crypto.randomUUID(),
        input: {
          ...equalExpense(`-${amount}`, m),
          paidBy: [{ memberId: m[0], amount: `-${amount}` }],
        },
        fx: null,
      });
      assert.ok(groupBalances(d.state).members.every((x) => x.balance === 0n));
      assert.deepEqual(
        allocate(-BigInt(cents), [1n, 1n, 1n]),
        allocate(BigInt(cents), [1n, 1n, 1n]).map((v) => -v),
      );
    }),
    { numRuns: 50 },
  );
});

Deno.test("a version 1 expense event upcasts to a plain expense (items and charges null)", () => {
  const d = computeExpense(state, equalExpense("10.00", members), null);
  const { items: _i, charges: _c, ...v1 } = { expenseId: crypto.randomUUID(), revision: 1, ...d };
  const e = parseGroupEvent("ExpenseRecorded", 1, v1);
  assert.ok(e.type === "ExpenseRecorded");
  assert.equal(e.data.items, null);
  assert.equal(e.data.charges, null);
  assert.equal(groupEventSchemaVersion("ExpenseAmended"), 2);
});
