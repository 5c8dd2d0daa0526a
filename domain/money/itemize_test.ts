import assert from "node:assert/strict";
import fc from "fast-check";
import { allocate } from "./allocate.ts";
import { MoneyError } from "./money_error.ts";
import { itemize, itemizeBill, parseChargePercent, percentCharge, sumCharges } from "./itemize.ts";

Deno.test("itemize() spreads the charges in proportion to the item subtotals", () => {
  // Ana 30.00, Ben 10.00; tax+tip 8.00 → 6.00 and 2.00.
  const r = itemize([[2000n, 0n], [1000n, 1000n]], 2, 800n);
  assert.deepEqual(r.subtotals, [3000n, 1000n]);
  assert.deepEqual(r.charges, [600n, 200n]);
  assert.deepEqual(r.shares, [3600n, 1200n]);
});

Deno.test("itemize() gives the leftover cent to the largest remainder", () => {
  // 1.00 of charges over 10.00 / 10.00 / 10.00: 34, 33, 33.
  assert.deepEqual(itemize([[1000n, 1000n, 1000n]], 3, 100n).charges, [34n, 33n, 33n]);
});

Deno.test("itemize() refuses charges with nothing to spread them over", () => {
  assert.throws(
    () => itemize([[0n, 0n]], 2, 100n),
    (e) => e instanceof MoneyError && e.code === "items.no_subtotal",
  );
});

Deno.test("percentCharge() rounds half away from zero", () => {
  assert.equal(percentCharge(2005n, parseChargePercent("10")), 201n); // 2.005 → 2.01
  assert.equal(percentCharge(2004n, parseChargePercent("10")), 200n);
  assert.equal(percentCharge(10000n, parseChargePercent("8.875")), 888n); // 8.875 → 8.88
  assert.equal(percentCharge(-2005n, parseChargePercent("10")), -201n);
});

Deno.test("parseChargePercent() refuses more than 4 decimals, above 100 and junk", () => {
  for (const bad of ["8.87501", "100.01", "101", "-1", "1e2", "", " 5"]) {
    assert.throws(() => parseChargePercent(bad), MoneyError, bad);
  }
  assert.equal(parseChargePercent("100"), 1_000_000n);
});

/** Items, each a positive amount split equally over a non-empty subset of n people. */
const bill = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    items: fc.array(
      fc.record({
        amount: fc.bigInt({ min: 1n, max: 10n ** 9n }),
        who: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
      }),
      { minLength: 1, maxLength: 20 },
    ),
    charges: fc.bigInt({ min: 0n, max: 10n ** 9n }),
  })
);

function partsOf(n: number, items: { amount: bigint; who: number[] }[], sign = 1n): bigint[][] {
  return items.map(({ amount, who }) => {
    const alloc = allocate(sign * amount, who.map(() => 1n));
    const row = Array.from({ length: n }, () => 0n);
    who.forEach((k, i) => row[k] = alloc[i]);
    return row;
  });
}

Deno.test("property: itemized shares sum exactly to items plus charges (no cent made or lost)", () => {
  fc.assert(fc.property(bill, ({ n, items, charges }) => {
    const r = itemize(partsOf(n, items), n, charges);
    const itemSum = items.reduce((a, i) => a + i.amount, 0n);
    assert.equal(r.shares.reduce((a, b) => a + b, 0n), itemSum + charges);
    assert.equal(r.charges.reduce((a, b) => a + b, 0n), charges);
    r.shares.forEach((s, i) => assert.equal(s, r.subtotals[i] + r.charges[i]));
  }));
});

Deno.test("property: a larger item subtotal never gets a smaller share", () => {
  fc.assert(fc.property(bill, ({ n, items, charges }) => {
    const r = itemize(partsOf(n, items), n, charges);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (r.subtotals[i] > r.subtotals[j]) assert.ok(r.shares[i] >= r.shares[j]);
        if (r.subtotals[i] >= r.subtotals[j]) assert.ok(r.charges[i] >= r.charges[j] - 1n);
      }
    }
  }));
});

Deno.test("property: each charge part is within one unit of its exact proportion", () => {
  fc.assert(fc.property(bill, ({ n, items, charges }) => {
    const r = itemize(partsOf(n, items), n, charges);
    const w = r.subtotals.reduce((a, b) => a + b, 0n);
    r.charges.forEach((c, i) => {
      const exact = charges * r.subtotals[i]; // c ≈ exact / w
      assert.ok(c * w <= exact + w && c * w >= exact - w);
    });
  }));
});

Deno.test("property: a refund bill is the exact negation of the same bill", () => {
  fc.assert(fc.property(bill, ({ n, items, charges }) => {
    const r = itemize(partsOf(n, items), n, charges);
    const refund = itemize(partsOf(n, items, -1n), n, -charges);
    assert.deepEqual(refund.shares, r.shares.map((s) => -s));
  }));
});

Deno.test("property: percentCharge() is within half a unit and odd", () => {
  fc.assert(fc.property(
    fc.bigInt({ min: 0n, max: 10n ** 12n }),
    fc.bigInt({ min: 0n, max: 1_000_000n }),
    (subtotal, p) => {
      const c = percentCharge(subtotal, p);
      const d = 1_000_000n; // 100 % at 4 decimals
      const err = c * d - subtotal * p; // (c − exact)·d
      assert.ok(2n * err <= d && 2n * err > -d);
      assert.equal(percentCharge(-subtotal, p), -c);
    },
  ));
});

Deno.test("itemizeBill() indexes people as the items first name them and spreads the charges", () => {
  // Ben's burger 20.00; Ana and Ben share 20.00 of wine 1:3; tax 8.00.
  const r = itemizeBill([
    { amount: 2000n, members: ["ben"], weights: [1n] },
    { amount: 2000n, members: ["ana", "ben"], weights: [1n, 3n] },
  ], () => 800n);
  assert.deepEqual(r.people, ["ben", "ana"]);
  assert.deepEqual(r.subtotals, [3500n, 500n]);
  assert.deepEqual(r.charges, [700n, 100n]);
  assert.deepEqual(r.shares, [4200n, 600n]);
  assert.equal(r.subtotal, 4000n);
  assert.equal(r.chargeTotal, 800n);
});

Deno.test("itemizeBill() asks for the charges on the items' sum, and passes their refusal on", () => {
  const seen: bigint[] = [];
  itemizeBill([
    { amount: -1000n, members: ["a"], weights: [1n] },
    { amount: -234n, members: ["a", "b"], weights: [1n, 1n] },
  ], (subtotal) => {
    seen.push(subtotal);
    return percentCharge(subtotal, parseChargePercent("10"));
  });
  assert.deepEqual(seen, [-1234n]);
  assert.throws(
    () =>
      itemizeBill([{ amount: 100n, members: ["a"], weights: [1n] }], () => {
        throw new MoneyError("items.total_mismatch", "no");
      }),
    (e) => e instanceof MoneyError && e.code === "items.total_mismatch",
  );
});

/** A bill as items over named people, each with weights 0..5 (one at least positive). */
const weightedBill = fc.array(
  fc.record({
    amount: fc.bigInt({ min: 1n, max: 10n ** 9n }),
    shares: fc.uniqueArray(
      fc.record({
        member: fc.constantFrom("a", "b", "c", "d", "e"),
        weight: fc.bigInt({ min: 0n, max: 5n }),
      }),
      { minLength: 1, maxLength: 5, selector: (s) => s.member },
    ).filter((s) => s.some((x) => x.weight > 0n)),
  }),
  { minLength: 1, maxLength: 12 },
).map((items) =>
  items.map((i) => ({
    amount: i.amount,
    members: i.shares.map((s) => s.member),
    weights: i.shares.map((s) => s.weight),
  }))
);

Deno.test("property: itemizeBill() is itemize() over each item's own allocation, in first-named order", () => {
  fc.assert(
    fc.property(
      weightedBill,
      fc.bigInt({ min: 0n, max: 10n ** 9n }),
      fc.boolean(),
      (items, charges, refund) => {
        const bill = refund ? items.map((i) => ({ ...i, amount: -i.amount })) : items;
        const r = itemizeBill(bill, () => refund ? -charges : charges);
        const people = [...new Set(bill.flatMap((i) => i.members))];
        assert.deepEqual(r.people, people);
        const parts = bill.map((i) => {
          const alloc = allocate(i.amount, i.weights);
          return people.map((p) => {
            const k = i.members.indexOf(p);
            return k < 0 ? 0n : alloc[k];
          });
        });
        assert.deepEqual(
          r.shares,
          itemize(parts, people.length, refund ? -charges : charges).shares,
        );
        const subtotal = bill.reduce((a, i) => a + i.amount, 0n);
        assert.equal(r.subtotal, subtotal);
        assert.equal(r.shares.reduce((a, b) => a + b, 0n), subtotal + r.chargeTotal);
      },
    ),
  );
});

Deno.test("sumCharges() sums tax, tip and service, percentages on the subtotal, amounts as the caller reads them", () => {
  const paths: string[] = [];
  const sum = sumCharges(
    { service: { amount: "2" }, tax: { percent: "10" } },
    2005n,
    (amount, path) => {
      paths.push(path);
      return BigInt(amount) * 100n;
    },
  );
  assert.equal(sum, 201n + 200n);
  assert.deepEqual(paths, ["charges.service.amount"]);
  assert.equal(sumCharges(undefined, 100n, () => 1n), 0n);
  assert.throws(
    () => sumCharges({ tip: { percent: "101" } }, 100n, () => 0n),
    (e) => e instanceof MoneyError && e.path === "charges.tip.percent",
  );
});
