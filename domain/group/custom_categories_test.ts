import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { CategoryAddInput, CategoryUpdateInput, ExpenseInput } from "./commands.ts";
import { MAX_ACTIVE_CATEGORIES } from "./custom_categories.ts";
import { equalExpense, groupWithMembers, OWNER_MEMBER, uuid } from "../testing/group_fixtures.ts";
import type { Role } from "../shared/schemas.ts";

const CAT = uuid(900);
const EXPENSE = uuid(500);
const MEMBER_USER = uuid(11);

function group(role: Role = "member") {
  return groupWithMembers(1, "EUR", role);
}

function add(id = CAT, name = "Ski pass") {
  return { type: "category.add" as const, categoryId: id, name, icon: "⛷️", colour: "#3366ff" };
}

function refusal(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof DomainError, `expected a DomainError, got ${e}`);
    return e;
  }
  assert.fail("expected a DomainError");
}

Deno.test("category.add: an owner adds a category, kept in the state", () => {
  const { driver } = group();
  const events = driver.run(add());
  assert.deepEqual(events, [{
    type: "CategoryAdded",
    data: { categoryId: CAT, name: "Ski pass", icon: "⛷️", colour: "#3366ff" },
  }]);
  assert.deepEqual(driver.state.categories.get(CAT), {
    id: CAT,
    name: "Ski pass",
    icon: "⛷️",
    colour: "#3366ff",
    removed: false,
  });
});

for (const role of ["member", "auditor", "viewer"] as const) {
  Deno.test(`category.add/update/remove: a ${role} may not manage categories`, () => {
    const { driver } = group(role);
    assert.equal(refusal(() => driver.run(add(), MEMBER_USER)).code, "forbidden");
    driver.run(add());
    assert.equal(
      refusal(() =>
        driver.run({ type: "category.update", categoryId: CAT, name: "X" }, MEMBER_USER)
      )
        .code,
      "forbidden",
    );
    assert.equal(
      refusal(() => driver.run({ type: "category.remove", categoryId: CAT }, MEMBER_USER)).code,
      "forbidden",
    );
  });
}

Deno.test("category.add: an admin may manage categories", () => {
  const { driver } = group("admin");
  assert.equal(driver.run(add(), MEMBER_USER)[0].type, "CategoryAdded");
});

Deno.test("category.add: names are unique case-insensitively, also against built-ins", () => {
  const { driver } = group();
  driver.run(add());
  assert.equal(refusal(() => driver.run(add(uuid(901), "SKI PASS"))).code, "category.name_taken");
  assert.equal(refusal(() => driver.run(add(uuid(902), "Food"))).code, "category.name_taken");
  assert.equal(refusal(() => driver.run(add(CAT, "Other name"))).code, "category.exists");
  // A removed category's name is free again.
  driver.run({ type: "category.remove", categoryId: CAT });
  assert.equal(driver.run(add(uuid(903), "ski pass"))[0].type, "CategoryAdded");
});

Deno.test("category.add: a group has at most MAX_ACTIVE_CATEGORIES at a time", () => {
  const { driver } = group();
  for (let i = 0; i < MAX_ACTIVE_CATEGORIES; i++) driver.run(add(uuid(1000 + i), `C${i}`));
  assert.equal(refusal(() => driver.run(add(uuid(5000), "One more"))).code, "category.too_many");
  driver.run({ type: "category.remove", categoryId: uuid(1000) });
  assert.equal(driver.run(add(uuid(5000), "One more"))[0].type, "CategoryAdded");
});

Deno.test("category.update: changes what is given, nothing when nothing changes", () => {
  const { driver } = group();
  driver.run(add());
  driver.run(add(uuid(901), "Fuel"));
  assert.deepEqual(driver.run({ type: "category.update", categoryId: CAT, colour: "#000000" }), [{
    type: "CategoryChanged",
    data: { categoryId: CAT, name: "Ski pass", icon: "⛷️", colour: "#000000" },
  }]);
  assert.deepEqual(driver.run({ type: "category.update", categoryId: CAT, name: "Ski pass" }), []);
  // Its own name in another case is fine; another's is not.
  assert.equal(
    driver.run({ type: "category.update", categoryId: CAT, name: "SKI PASS" })[0].type,
    "CategoryChanged",
  );
  assert.equal(
    refusal(() => driver.run({ type: "category.update", categoryId: CAT, name: "fuel" })).code,
    "category.name_taken",
  );
  assert.equal(
    refusal(() => driver.run({ type: "category.update", categoryId: uuid(999), name: "Y" })).code,
    "not_found",
  );
});

Deno.test("expenses use built-in and active custom categories only", () => {
  const { driver, members } = group();
  const input = (category: string) => ({ ...equalExpense("10.00", members), category });
  const record = (id: string, category: string) =>
    driver.run({ type: "expense.record", expenseId: id, input: input(category), fx: null });
  assert.equal(refusal(() => record(EXPENSE, CAT)).code, "category.unknown");
  driver.run(add());
  assert.equal(record(EXPENSE, CAT)[0].type, "ExpenseRecorded");
  assert.equal(driver.state.entries.get(EXPENSE)?.category, CAT);
  driver.run({ type: "category.remove", categoryId: CAT });
  assert.equal(driver.state.categories.get(CAT)?.removed, true);
  // New expenses may not choose it …
  assert.equal(refusal(() => record(uuid(501), CAT)).code, "category.removed");
  // … the expense that has it keeps it through an amendment, and may leave it (not come back).
  const amend = (category: string) =>
    driver.run({ type: "expense.amend", expenseId: EXPENSE, input: input(category), fx: null });
  assert.equal(amend(CAT)[0].type, "ExpenseAmended");
  assert.equal(amend("food")[0].type, "ExpenseAmended");
  assert.equal(refusal(() => amend(CAT)).code, "category.removed");
  // A removed category cannot be changed or removed again.
  assert.equal(
    refusal(() => driver.run({ type: "category.remove", categoryId: CAT })).code,
    "not_found",
  );
  assert.equal(driver.state.members.get(OWNER_MEMBER)?.active, true);
});

Deno.test("CategoryAddInput: icon is one emoji, colour #rrggbb, name bounded", () => {
  const ok = CategoryAddInput.parse({ name: " Ski ", icon: "🇫🇷", colour: "#AABBCC" });
  assert.deepEqual(ok, { name: "Ski", icon: "🇫🇷", colour: "#aabbcc" });
  for (const icon of ["👨‍👩‍👧", "⛷️", "1️⃣", "🍕"]) {
    assert.ok(CategoryAddInput.safeParse({ name: "A", icon, colour: "#000000" }).success, icon);
  }
  for (const icon of ["", "a", "🍕🍕", "ab", "\ud83c", "x".repeat(40)]) {
    assert.ok(!CategoryAddInput.safeParse({ name: "A", icon, colour: "#000000" }).success, icon);
  }
  for (const colour of ["red", "#fff", "#12345g", "#1234567"]) {
    assert.ok(!CategoryAddInput.safeParse({ name: "A", icon: "🍕", colour }).success, colour);
  }
  assert.ok(
    !CategoryAddInput.safeParse({ name: "x".repeat(41), icon: "🍕", colour: "#000000" })
      .success,
  );
  assert.ok(!CategoryUpdateInput.safeParse({}).success);
});

Deno.test("ExpenseInput: category is a built-in name or an id", () => {
  const base = equalExpense("1.00", [OWNER_MEMBER]);
  assert.equal(ExpenseInput.parse({ ...base, category: CAT.toUpperCase() }).category, CAT);
  assert.equal(ExpenseInput.parse({ ...base, category: "rent" }).category, "rent");
  assert.ok(!ExpenseInput.safeParse({ ...base, category: "Ski pass" }).success);
});
