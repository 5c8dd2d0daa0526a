import { describe, expect, it } from "vitest";
import { activitySegments } from "./activity_words.ts";

const G = "g1";

describe("activitySegments()", () => {
  it("formats the money by currency and links the expense", () => {
    const segs = activitySegments({
      position: 1,
      at: "2026-11-20T10:00:00Z",
      type: "ExpenseRecorded",
      actor: { name: "Ana" },
      text: "Ana recorded “Sushi” (2000 JPY)",
      entityId: "e1",
      entityType: "expense",
      subject: "Sushi",
      amount: { amount: "2000", currency: "JPY" },
      changes: null,
    }, G);
    expect(segs.map((s) => s.text).join("")).not.toContain("2000 JPY");
    expect(segs.map((s) => s.text).join("")).toMatch(/2,000/);
    expect(segs.find((s) => s.href)).toEqual({ text: "“Sushi”", href: "/groups/g1/expenses/e1" });
  });
  it("links a payment's whole sentence to its page, the amounts of its change formatted", () => {
    const segs = activitySegments({
      position: 4,
      at: "2026-11-20T10:00:00Z",
      type: "SettlementAmended",
      actor: { name: "Ana" },
      text: "Ana changed a payment (now Bob paid Ana 25.00 EUR): 20.00 EUR → 25.00 EUR",
      entityId: "s1",
      entityType: "settlement",
      subject: null,
      amount: { amount: "25.00", currency: "EUR" },
      changes: [{ field: "amount", from: { amount: "20.00", currency: "EUR" }, to: { amount: "25.00", currency: "EUR" } }],
    }, G);
    expect(segs).toHaveLength(1);
    expect(segs[0].href).toBe("/groups/g1/payments/s1");
    expect(segs[0].text).not.toContain("20.00 EUR");
    expect(segs[0].text).toMatch(/€20\.00 → €25\.00/);
  });
  it("links the member named after the actor, and keeps old items as they are", () => {
    const segs = activitySegments({
      position: 2,
      at: "2026-11-20T10:00:00Z",
      actor: { name: "Bob" },
      text: "Bob added Bob (not signed up yet) as member",
      entityId: "m1",
      entityType: "member",
      subject: "Bob",
    }, G);
    expect(segs).toEqual([
      { text: "Bob added " },
      { text: "Bob", href: "/groups/g1/members#member-m1" },
      { text: " (not signed up yet) as member" },
    ]);
    expect(activitySegments({ position: 3, at: "", text: "Ana did it" }, G)).toEqual([{ text: "Ana did it" }]);
  });
});
