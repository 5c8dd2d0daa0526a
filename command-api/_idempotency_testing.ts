/**
 * Helpers of the idempotency tests (`idempotency.int_test.ts`, `idempotency_retries.int_test.ts`).
 *
 * @module
 */
import assert from "node:assert/strict";
import type { TestAnswer, TestUser } from "./_testing.ts";

/** A user with a group of their own, and their owner member id. */
export async function withGroup(user: TestUser, name = "Trip") {
  const created = await user.send("POST", "/v1/groups", { name, currency: "EUR" });
  assert.equal(created.status, 201, created.text);
  return { groupId: created.body.id as string, memberId: created.body.memberId as string };
}

/** A new expense of `amount` EUR paid by and split to `memberId`. */
export function expenseBody(memberId: string, amount = "12.00", description = "Lunch") {
  return {
    description,
    total: { amount, currency: "EUR" },
    date: "2026-11-20",
    paidBy: [{ memberId, amount }],
    split: { mode: "equal", shares: [{ memberId }] },
  };
}

/** What a client sees of an answer: status, body and the headers a write sets. */
export function seen(a: TestAnswer) {
  return {
    status: a.status,
    body: a.text,
    etag: a.headers.get("etag"),
    position: a.headers.get("kopek-position"),
  };
}
