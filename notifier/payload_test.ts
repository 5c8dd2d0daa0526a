import { deepStrictEqual, ok } from "node:assert/strict";
import { encodePayload, MAX_PAYLOAD_BYTES, pushPayload } from "./payload.ts";

const G = "0190f0c0-0000-7000-8000-000000000001";
const E = "0190f0c0-0000-7000-8000-000000000002";

Deno.test("pushPayload: an expense carries the group's name, who, what and how much, and links the expense", () => {
  deepStrictEqual(
    pushPayload({
      type: "ExpenseRecorded",
      groupId: G,
      groupName: "Trip",
      actor: "Ana",
      data: { expenseId: E, description: "Dinner", total: { amount: "12.50", currency: "EUR" } },
    }),
    {
      kind: "expense.recorded",
      groupId: G,
      groupName: "Trip",
      actor: "Ana",
      text: "Dinner",
      amount: { amount: "12.50", currency: "EUR" },
      url: `/groups/${G}/expenses/${E}`,
    },
  );
});

Deno.test("encodePayload: never more than 3000 bytes, even of long multi-byte texts", () => {
  const long = "😀".repeat(2000);
  const payload = pushPayload({
    type: "CommentAdded",
    groupId: G,
    groupName: long,
    actor: long,
    data: { expenseId: E, text: long },
  });
  ok(new TextEncoder().encode(encodePayload(payload)).length <= MAX_PAYLOAD_BYTES);
  ok([...payload.text!].length <= 300);
});
