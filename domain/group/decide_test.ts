import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { groupBalances } from "./balances.ts";
import { MAX_GROUP_TOTAL, MAX_MEMBER_TOTAL } from "./decide.ts";
import {
  equalExpense,
  GROUP,
  GroupDriver,
  groupWithMembers,
  OWNER_MEMBER,
  OWNER_USER,
  uuid,
} from "../testing/group_fixtures.ts";

function assertDomainError(f: () => unknown, kind: DomainError["kind"], code?: string) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected DomainError, got ${e}`);
    assert.equal(e.kind, kind);
    if (code) assert.equal(e.code, code);
    return e;
  }
  assert.fail("expected a DomainError");
}

function balancesOf(driver: GroupDriver) {
  return Object.fromEntries(
    groupBalances(driver.state).members.map((m) => [m.memberId, m.balance]),
  );
}

Deno.test("decideGroup() creates a group with its creator as owner", () => {
  const driver = new GroupDriver();
  const events = driver.run({
    type: "group.create",
    groupId: GROUP,
    name: "Flat",
    currency: "EUR",
    ownerMemberId: OWNER_MEMBER,
    ownerName: "Ana",
  });
  assert.deepEqual(events.map((e) => e.type), ["GroupCreated", "MemberAdded"]);
  assert.equal(driver.state.members.get(OWNER_MEMBER)?.role, "owner");
  assert.equal(driver.state.members.get(OWNER_MEMBER)?.userId, OWNER_USER);
});

Deno.test("decideGroup() hides a group from users who are not members", () => {
  const { driver } = groupWithMembers(1);
  assertDomainError(
    () => driver.run({ type: "group.update", name: "X" }, uuid(999)),
    "not_found",
  );
});

Deno.test("decideGroup() splits 100.00 three ways by largest remainder", () => {
  const { driver, members } = groupWithMembers(2);
  const [e] = driver.run({
    type: "expense.record",
    expenseId: uuid(500),
    input: equalExpense("100.00", members),
    fx: null,
  });
  assert.equal(e.type, "ExpenseRecorded");
  if (e.type !== "ExpenseRecorded") return;
  assert.deepEqual(e.data.shares.map((s) => s.amount), ["33.34", "33.33", "33.33"]);
  assert.deepEqual(balancesOf(driver), {
    [members[0]]: 6666n,
    [members[1]]: -3333n,
    [members[2]]: -3333n,
  });
});

Deno.test("decideGroup() converts a foreign total half-even and allocates payers over it", () => {
  const { driver, members } = groupWithMembers(1);
  const [e] = driver.run({
    type: "expense.record",
    expenseId: uuid(501),
    input: {
      description: "Sushi",
      total: { amount: "1001", currency: "JPY" },
      date: "2026-11-20",
      category: "food",
      paidBy: [{ memberId: members[0], amount: "501" }, { memberId: members[1], amount: "500" }],
      split: {
        mode: "shares",
        shares: [{ memberId: members[0], weight: 1 }, { memberId: members[1], weight: 2 }],
      },
    },
    fx: { kind: "rate", rate: "0.0065", date: "2026-11-20", source: "client" },
  });
  if (e.type !== "ExpenseRecorded") return assert.fail();
  // 1001 × 0.0065 = 6.5065 EUR → 6.51 (650.65 cents, rounds up)
  assert.deepEqual(e.data.converted, { amount: "6.51", currency: "EUR" });
  assert.deepEqual(e.data.paid.map((p) => p.amount), ["3.26", "3.25"]);
  assert.deepEqual(e.data.shares.map((p) => p.amount), ["2.17", "4.34"]);
  assert.equal(e.data.fx?.rate, "0.0065");
});

Deno.test("decideGroup() refuses a foreign expense without a rate", () => {
  const { driver, members } = groupWithMembers(1);
  const err = assertDomainError(
    () =>
      driver.run({
        type: "expense.record",
        expenseId: uuid(502),
        input: equalExpense("10.00", members, "USD"),
        fx: null,
      }),
    "validation",
    "fx.rate_missing",
  );
  assert.equal(err.errors[0].path, "total.currency");
});

Deno.test("decideGroup() takes a rate's source only as a short name, never free text", () => {
  const { driver, members } = groupWithMembers(1);
  const record = (n: number, source: string) =>
    driver.run({
      type: "expense.record",
      expenseId: uuid(n),
      input: equalExpense("10.00", members, "USD"),
      fx: { kind: "rate", rate: "0.9", date: "2026-11-20", source },
    });
  for (const source of ["", "ECB", "ecb\u0000", "European Central Bank", "e".repeat(33)]) {
    assertDomainError(() => record(504, source), "validation", "fx.source");
  }
  assert.equal(record(505, "ecb").length, 1);
  assert.equal(record(506, "client").length, 1);
});

Deno.test("decideGroup() refuses a conversion beyond 15 digits of minor units, which evolve could not read back", () => {
  const { driver, members } = groupWithMembers(1);
  const run = (amount: string, rate: string) =>
    driver.run({
      type: "expense.record",
      expenseId: uuid(503),
      input: equalExpense(amount, members, "JPY"),
      fx: { kind: "rate", rate, date: "2026-11-20", source: "client" },
    });
  const err = assertDomainError(
    () => run("999999999999999", "1000000000000"),
    "validation",
    "money.too_large",
  );
  assert.equal(err.errors[0].path, "fx.rate");
  // 9,999,999,999,999.99 EUR is the largest amount that fits: accepted, and folded back.
  const [e] = run("999999999999999", "0.01");
  if (e.type !== "ExpenseRecorded") return assert.fail();
  assert.deepEqual(e.data.converted, { amount: "9999999999999.99", currency: "EUR" });
});

Deno.test("decideGroup() checks payers, exact sums and percentages", () => {
  const { driver, members } = groupWithMembers(1);
  const base = equalExpense("10.00", members);
  assertDomainError(
    () =>
      driver.run({
        type: "expense.record",
        expenseId: uuid(503),
        input: { ...base, paidBy: [{ memberId: members[0], amount: "9.99" }] },
        fx: null,
      }),
    "validation",
    "paid_by.sum",
  );
  assertDomainError(
    () =>
      driver.run({
        type: "expense.record",
        expenseId: uuid(503),
        input: {
          ...base,
          split: {
            mode: "exact",
            shares: [{ memberId: members[0], amount: "5.00" }, {
              memberId: members[1],
              amount: "4.00",
            }],
          },
        },
        fx: null,
      }),
    "validation",
    "split.exact_sum",
  );
  assertDomainError(
    () =>
      driver.run({
        type: "expense.record",
        expenseId: uuid(503),
        input: {
          ...base,
          split: {
            mode: "percent",
            shares: [{ memberId: members[0], percent: "50" }, {
              memberId: members[1],
              percent: "49.9",
            }],
          },
        },
        fx: null,
      }),
    "validation",
    "split.percent_sum",
  );
  assertDomainError(
    () =>
      driver.run({
        type: "expense.record",
        expenseId: uuid(503),
        input: { ...base, total: { amount: "10.001", currency: "EUR" } },
        fx: null,
      }),
    "validation",
    "money.too_many_decimals",
  );
});

Deno.test("decideGroup() enforces If-Match on amend and void", () => {
  const { driver, members } = groupWithMembers(1);
  driver.run({
    type: "expense.record",
    expenseId: uuid(504),
    input: equalExpense("10.00", members),
    fx: null,
  });
  driver.run({
    type: "expense.amend",
    expenseId: uuid(504),
    input: equalExpense("12.00", members),
    fx: null,
    ifMatch: 1,
  });
  assertDomainError(
    () =>
      driver.run({
        type: "expense.amend",
        expenseId: uuid(504),
        input: equalExpense("14.00", members),
        fx: null,
        ifMatch: 1,
      }),
    "precondition_failed",
  );
  driver.run({ type: "expense.void", expenseId: uuid(504), ifMatch: 2 });
  assert.equal(driver.state.entries.get(uuid(504))?.revision, 3);
  assertDomainError(() => driver.run({ type: "expense.void", expenseId: uuid(504) }), "conflict");
  assert.ok(Object.values(balancesOf(driver)).every((b) => b === 0n));
});

Deno.test("decideGroup() lets viewers and auditors write nothing", () => {
  for (const role of ["viewer", "auditor"] as const) {
    const { driver, members } = groupWithMembers(1, "EUR", role);
    assertDomainError(() =>
      driver.run(
        {
          type: "expense.record",
          expenseId: uuid(505),
          input: equalExpense("1.00", members),
          fx: null,
        },
        uuid(11),
      ), "forbidden");
  }
});

Deno.test("decideGroup() lets an admin manage only roles below admin", () => {
  const { driver } = groupWithMembers(2, "EUR", "admin");
  assertDomainError(
    () => driver.run({ type: "member.update", memberId: uuid(102), role: "viewer" }, uuid(11)),
    "forbidden",
  );
  driver.run(
    { type: "member.add", memberId: uuid(150), name: "V", userId: null, role: "viewer" },
    uuid(11),
  );
  assertDomainError(
    () =>
      driver.run(
        { type: "member.add", memberId: uuid(151), name: "A", userId: null, role: "admin" },
        uuid(11),
      ),
    "forbidden",
  );
  driver.run({ type: "member.update", memberId: uuid(150), role: "member" }, uuid(11));
  assert.equal(driver.state.members.get(uuid(150))?.role, "member");
});

Deno.test("decideGroup() hands over ownership and keeps one owner", () => {
  const { driver } = groupWithMembers(1);
  driver.run({ type: "member.update", memberId: uuid(101), role: "owner" });
  const owners = [...driver.state.members.values()].filter((m) => m.role === "owner");
  assert.deepEqual(owners.map((m) => m.id), [uuid(101)]);
  assert.equal(driver.state.members.get(OWNER_MEMBER)?.role, "admin");
});

Deno.test("decideGroup() refuses to remove a member whose balance is not zero", () => {
  const { driver, members } = groupWithMembers(1);
  driver.run({
    type: "expense.record",
    expenseId: uuid(506),
    input: equalExpense("10.00", members),
    fx: null,
  });
  assertDomainError(
    () => driver.run({ type: "member.remove", memberId: members[1] }),
    "conflict",
    "member.balance_not_zero",
  );
  driver.run({
    type: "settlement.record",
    settlementId: uuid(507),
    input: {
      from: members[1],
      to: members[0],
      amount: { amount: "5.00", currency: "EUR" },
      date: "2026-11-21",
    },
    fx: null,
  });
  driver.run({ type: "member.remove", memberId: members[1] });
  assert.equal(driver.state.members.get(members[1])?.active, false);
});

Deno.test("decideGroup() changes the currency only while the group has no entries", () => {
  const { driver, members } = groupWithMembers(1);
  driver.run({ type: "group.update", currency: "USD" });
  assert.equal(driver.state.currency, "USD");
  driver.run({
    type: "expense.record",
    expenseId: uuid(508),
    input: equalExpense("1.00", members, "USD"),
    fx: null,
  });
  assertDomainError(
    () => driver.run({ type: "group.update", currency: "EUR" }),
    "conflict",
    "group.currency_locked",
  );
});

Deno.test("decideGroup() keeps every member's totals within MAX_MEMBER_TOTAL", () => {
  const { driver, members } = groupWithMembers(1);
  // 999,999,999,999,999 minor units is the largest amount; the 101st such expense crosses 10^17.
  const big = equalExpense("9999999999999.99", [members[0]]);
  for (let i = 0; i < 100; i++) {
    driver.run({ type: "expense.record", expenseId: uuid(10_000 + i), input: big, fx: null });
  }
  assertDomainError(
    () => driver.run({ type: "expense.record", expenseId: uuid(20_000), input: big, fx: null }),
    "validation",
    "ledger.total_too_large",
  );
  assert.ok(driver.state.totals.get(members[0])!.paid <= MAX_MEMBER_TOTAL);
});

Deno.test("decideGroup() keeps a group's total within MAX_GROUP_TOTAL, though each member stays within theirs", () => {
  // Eleven members who each pay and owe their own expenses: each member's totals stay below
  // 10^17, but the group's would pass 10^18 (a month's total in the reports sums them).
  const { driver, members } = groupWithMembers(10);
  const big = (m: string) => equalExpense("9999999999999.99", [m]);
  let n = 30_000;
  let who = members[0];
  const refused = (() => {
    for (const m of members) {
      who = m;
      for (let i = 0; i < 100; i++) {
        try {
          driver.run({ type: "expense.record", expenseId: uuid(n++), input: big(m), fx: null });
        } catch (e) {
          return e;
        }
      }
    }
    return null;
  })();
  assert.ok(refused instanceof DomainError, String(refused));
  assert.equal(refused.code, "ledger.group_total_too_large");
  let paid = 0n;
  for (const t of driver.state.totals.values()) {
    assert.ok(t.paid <= MAX_MEMBER_TOTAL);
    paid += t.paid;
  }
  assert.ok(paid <= MAX_GROUP_TOTAL && paid > MAX_GROUP_TOTAL - 10n ** 15n);
  // A void makes room again: the same expense is then accepted.
  driver.run({ type: "expense.void", expenseId: uuid(n - 2) });
  driver.run({ type: "expense.record", expenseId: uuid(n), input: big(who), fx: null });
});
