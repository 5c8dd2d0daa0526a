import { describe, expect, it } from "vitest";
import { notificationOf } from "./notification.ts";

const G = "0190f0c0-0000-7000-8000-000000000001";

describe("notificationOf", () => {
  it("words an expense: the group as title, who, what and how much, the expense to open", () => {
    const shown = notificationOf({
      kind: "expense.recorded",
      groupId: G,
      groupName: "Flat",
      actor: "Ana",
      text: "Dinner",
      amount: { amount: "12.50", currency: "EUR" },
      url: `/groups/${G}/expenses/e1`,
    });
    expect(shown?.title).toBe("Flat");
    expect(shown?.options.body).toMatch(/^Ana added: Dinner · .*12[.,]50/);
    expect(shown?.options.data.url).toBe(`/groups/${G}/expenses/e1`);
  });

  it("refuses what is not Kopek's, and a link off the app", () => {
    expect(notificationOf("hello")).toBeNull();
    expect(
      notificationOf({
        kind: "expense.recorded",
        url: "https://evil.example/",
      }),
    ).toBeNull();
  });
});
