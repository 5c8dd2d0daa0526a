import assert from "node:assert/strict";
import type { GroupEvent } from "@kopek/domain";
import { subjectOf } from "./subject.ts";

const names = { member: (id: string) => `member ${id}`, entry: (id: string) => `entry ${id}` };
const A = "00000000-0000-7000-8000-00000000000a";
const B = "00000000-0000-7000-8000-00000000000b";
const payment = (amount: string) => ({
  settlementId: "00000000-0000-7000-8000-000000000001",
  revision: 2,
  from: A,
  to: B,
  amount: { amount, currency: "EUR" },
});

Deno.test("subjectOf(): a payment, recorded or amended, is a settlement with its amount", () => {
  for (const type of ["SettlementRecorded", "SettlementAmended"]) {
    const event = { type, data: payment("25.00") } as unknown as GroupEvent;
    assert.deepEqual(subjectOf(event, names), {
      entityType: "settlement",
      subject: null,
      amount: { amount: "25.00", currency: "EUR" },
    }, type);
  }
});

Deno.test("subjectOf(): a renamed group is about nothing a client links to", () => {
  const event: GroupEvent = { type: "GroupRenamed", data: { name: "Trip" } };
  assert.deepEqual(subjectOf(event, names), { entityType: null, subject: null, amount: null });
});
