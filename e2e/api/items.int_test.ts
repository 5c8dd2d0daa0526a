/**
 * Itemized bills, the adjustment split and refunds end to end over HTTP on
 * real PostgreSQL (ADR 0050): what the expense reads back, the balances after
 * them, the monthly report, the CSV export, the history and the activity.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

Deno.test("itemized, adjustment and refund expenses: shares, balances, reads and refusals", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const group = await ana.post("/v1/groups", { name: "Trip", currency: "EUR" });
    const g = group.body.id;
    const a = group.body.memberId;
    const b = (await ana.post(`/v1/groups/${g}/members`, { name: "Ben", role: "member" })).body.id;
    const c = (await ana.post(`/v1/groups/${g}/members`, { name: "Cem", role: "member" })).body.id;

    // An itemized bill: pizza for Ana, wine for Ana and Ben, 10 % tax and a 3.50 tip.
    const bill = {
      description: "Dinner",
      total: { amount: "58.50", currency: "EUR" },
      date: "2026-12-01",
      category: "food",
      paidBy: [{ memberId: c, amount: "58.50" }],
      items: [
        {
          description: "Pizza",
          amount: "20.00",
          split: { mode: "equal", shares: [{ memberId: a }] },
        },
        {
          description: "Wine",
          amount: "30.00",
          split: { mode: "equal", shares: [{ memberId: a }, { memberId: b }] },
        },
      ],
      charges: { tax: { percent: "10" }, tip: { amount: "3.50" } },
    };
    const itemized = await ana.post(`/v1/groups/${g}/expenses`, bill);
    assert.equal(itemized.status, 201, JSON.stringify(itemized.body));
    assert.deepEqual(itemized.body.shares, [{ memberId: a, amount: "40.95" }, {
      memberId: b,
      amount: "17.55",
    }]);

    // The adjustment split: 30.00 equally, Ben 3.00 more, Cem 3.00 less.
    const adjusted = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Taxi",
      total: { amount: "30.00", currency: "EUR" },
      date: "2026-12-01",
      paidBy: [{ memberId: a, amount: "30.00" }],
      split: {
        mode: "adjustment",
        shares: [{ memberId: a, adjustment: "0" }, { memberId: b, adjustment: "3.00" }, {
          memberId: c,
          adjustment: "-3.00",
        }],
      },
    });
    assert.equal(adjusted.status, 201, JSON.stringify(adjusted.body));
    assert.deepEqual(adjusted.body.shares.map((s: { amount: string }) => s.amount), [
      "10.00",
      "13.00",
      "7.00",
    ]);

    // A refund: Ana gets 9.00 back for the three of them.
    const refund = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Museum refund",
      total: { amount: "-9.00", currency: "EUR" },
      date: "2026-12-02",
      paidBy: [{ memberId: a, amount: "-9.00" }],
      split: { mode: "equal", shares: [{ memberId: a }, { memberId: b }, { memberId: c }] },
    });
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    assert.deepEqual(refund.body.shares.map((s: { amount: string }) => s.amount), [
      "-3.00",
      "-3.00",
      "-3.00",
    ]);
    const at = { "Kopek-Min-Position": String(refund.body.position) };

    // Balances: Ana paid 30.00 − 9.00, owes 40.95 + 10.00 − 3.00; and so on. They sum to zero.
    const balances = await ana.get(`/v1/groups/${g}/balances`, at);
    assert.equal(balances.status, 200);
    const balance = Object.fromEntries(
      balances.body.members.map((m: { memberId: string; balance: { amount: string } }) => [
        m.memberId,
        m.balance.amount,
      ]),
    );
    assert.deepEqual(balance, { [a]: "-26.95", [b]: "-27.55", [c]: "54.50" });

    // The expense reads back with its items and charges; a plain one with null.
    const read = await ana.get(`/v1/groups/${g}/expenses/${itemized.body.id}`, at);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body.items, bill.items);
    assert.deepEqual(read.body.charges, bill.charges);
    assert.deepEqual(read.body.split.mode, "exact");
    assert.equal(
      (await ana.get(`/v1/groups/${g}/expenses/${adjusted.body.id}`, at)).body.items,
      null,
    );
    // Read back, it can be sent back as it is.
    const {
      id: _id,
      kind: _k,
      version: _v,
      voided: _vo,
      fx: _fx,
      converted: _c,
      paid: _p,
      shares: _s,
      createdAt: _ca,
      updatedAt: _ua,
      ...body
    } = read.body;
    const put = await ana.put(`/v1/groups/${g}/expenses/${itemized.body.id}`, body);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const history = await ana.get(`/v1/groups/${g}/expenses/${itemized.body.id}/history`, {
      "Kopek-Min-Position": String(put.body.position),
    });
    assert.deepEqual(
      history.body.items.map((i: { expense: { items: unknown } }) => i.expense.items),
      [
        bill.items,
        bill.items,
      ],
    );

    // The month's report drops by the refund; the CSV lists the items; the activity says refund.
    const report = await ana.get(`/v1/groups/${g}/reports/monthly?from=2026-12&to=2026-12`, at);
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.equal(report.body.months[0].total.amount, "79.50");
    const csv = await fetch(`${running.url}/v1/groups/${g}/export.csv`, {
      headers: { authorization: `Bearer ${ana.token}`, ...at },
    });
    const text = await csv.text();
    assert.equal(csv.status, 200, text);
    assert.match(text, /,items\r\n/);
    assert.match(text, /Pizza 20\.00 \(Ana\); Wine 30\.00 \(Ana, Ben\); tax 10%; tip 3\.50/);
    const activity = await ana.get(`/v1/groups/${g}/activity`, at);
    assert.ok(
      activity.body.items.some((i: { text: string }) =>
        i.text === "Ana recorded a refund “Museum refund” (-9.00 EUR)"
      ),
      JSON.stringify(activity.body.items.map((i: { text: string }) => i.text)),
    );
    assert.ok(
      activity.body.items.some((i: { text: string }) =>
        /“Dinner” \(58\.50 EUR, 2 items\)/.test(i.text)
      ),
    );

    // Nonsense is a 422 with a clear code.
    const refused = async (patch: Record<string, unknown>) => {
      const r = await ana.post(`/v1/groups/${g}/expenses`, { ...bill, ...patch });
      assert.equal(r.status, 422, JSON.stringify(r.body));
      return r.body.code;
    };
    assert.equal(
      await refused({
        total: { amount: "60.00", currency: "EUR" },
        paidBy: [{ memberId: c, amount: "60.00" }],
      }),
      "items.total_mismatch",
    );
    assert.equal(
      await refused({ paidBy: [{ memberId: c, amount: "-58.50" }] }),
      "money.not_positive",
    );
    assert.equal(
      await refused({
        total: { amount: "-58.50", currency: "EUR" },
        items: bill.items.map((i) => ({ ...i, amount: `-${i.amount}` })),
        charges: { tax: { percent: "10" }, tip: { amount: "-3.50" } },
      }),
      "money.sign",
    );
    assert.equal(
      await refused({
        total: { amount: "0", currency: "EUR" },
        paidBy: [{ memberId: c, amount: "0" }],
      }),
      "money.zero",
    );
    assert.equal(
      await refused({ items: Array.from({ length: 201 }, () => bill.items[0]) }),
      "validation",
    );
    assert.equal(
      await refused({
        items: undefined,
        charges: undefined,
        split: {
          mode: "adjustment",
          shares: [{ memberId: a, adjustment: "100.00" }, { memberId: b, adjustment: "0" }],
        },
      }),
      "split.adjustment_sign",
    );
  } finally {
    await running.stop();
  }
});
