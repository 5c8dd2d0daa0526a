import assert from "node:assert/strict";
import { DomainError } from "../errors.ts";
import { CommentAddInput } from "./commands.ts";
import { equalExpense, groupWithMembers, OWNER_MEMBER, uuid } from "../testing/group_fixtures.ts";
import type { Role } from "../shared/schemas.ts";

const EXPENSE = uuid(500);
const COMMENT = uuid(700);

function withExpense(role: Role = "member") {
  const { driver, members } = groupWithMembers(1, "EUR", role);
  driver.run({
    type: "expense.record",
    expenseId: EXPENSE,
    input: equalExpense("30.00", [OWNER_MEMBER]),
    fx: null,
  });
  return { driver, members };
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

Deno.test("comment.add: a member comments on an expense, as themself", () => {
  const { driver, members } = withExpense();
  const events = driver.run(
    { type: "comment.add", commentId: COMMENT, expenseId: EXPENSE, text: "see the receipt" },
    uuid(11),
  );
  assert.deepEqual(events, [{
    type: "CommentAdded",
    data: { commentId: COMMENT, expenseId: EXPENSE, memberId: members[1], text: "see the receipt" },
  }]);
  assert.ok(driver.state.comments.has(COMMENT));
});

Deno.test("comment.add: a voided expense may still be commented", () => {
  const { driver } = withExpense();
  driver.run({ type: "expense.void", expenseId: EXPENSE });
  const events = driver.run({
    type: "comment.add",
    commentId: COMMENT,
    expenseId: EXPENSE,
    text: "why?",
  });
  assert.equal(events[0].type, "CommentAdded");
});

for (const role of ["viewer", "auditor"] as const) {
  Deno.test(`comment.add: a ${role} may not comment`, () => {
    const { driver } = withExpense(role);
    const e = refusal(() =>
      driver.run(
        { type: "comment.add", commentId: COMMENT, expenseId: EXPENSE, text: "x" },
        uuid(11),
      )
    );
    assert.equal(e.kind, "forbidden");
  });
}

Deno.test("comment.add: an unknown expense, a settlement or a non-member is not found", () => {
  const { driver, members } = withExpense();
  driver.run({
    type: "settlement.record",
    settlementId: uuid(600),
    input: {
      from: members[1],
      to: OWNER_MEMBER,
      amount: { amount: "1.00", currency: "EUR" },
      date: "2026-01-02",
    },
    fx: null,
  });
  for (
    const [expenseId, actor] of [[uuid(501), uuid(1)], [uuid(600), uuid(1)], [EXPENSE, uuid(99)]]
  ) {
    const e = refusal(() =>
      driver.run({ type: "comment.add", commentId: COMMENT, expenseId, text: "x" }, actor)
    );
    assert.equal(e.kind, "not_found");
  }
});

Deno.test("comment.add: a comment id is used once per group", () => {
  const { driver } = withExpense();
  driver.run({ type: "comment.add", commentId: COMMENT, expenseId: EXPENSE, text: "one" });
  const e = refusal(() =>
    driver.run({ type: "comment.add", commentId: COMMENT, expenseId: EXPENSE, text: "two" })
  );
  assert.equal(e.kind, "conflict");
  assert.equal(e.code, "comment.exists");
});

Deno.test("CommentAddInput: trimmed, 1 to 1000 characters, newlines but no other control character", () => {
  assert.equal(CommentAddInput.parse({ text: "  a\nb  " }).text, "a\nb");
  assert.equal(CommentAddInput.parse({ text: "x".repeat(1000) }).text.length, 1000);
  for (
    const text of ["", "   ", "x".repeat(1001), "a\tb", "a\rb", "a\u0007b", "a\u007fb", "\ud800"]
  ) {
    assert.equal(CommentAddInput.safeParse({ text }).success, false, JSON.stringify(text));
  }
  assert.equal(CommentAddInput.safeParse({ text: "x", extra: 1 }).success, false);
});
