import { beforeAll, describe, expect, it } from "vitest";
import { MoneyError } from "$domain/money/mod.ts";
import { ApiError, NetworkError } from "../api/errors.ts";
import { errorText, loadCodeMessages, problemKey, problemText } from "./problems.ts";

// The table is loaded where a locale other than English needs it (a page does it at start).
beforeAll(async () => {
  await loadCodeMessages();
});

describe("problems in the reader's language", () => {
  const used = { type: "https://kopek.dev/problems/invite.used", code: "invite.used", status: 409, title: "Conflict", detail: "this invite was used already" };
  it("maps a stable code to a catalogue key", () => {
    expect(problemKey("invite.used")).toBe("errors_invite_used");
    expect(problemKey("money.too_many_decimals")).toBe("errors_money_too_many_decimals");
  });
  it("translates by code in Spanish and German, and shows the server's detail in English", () => {
    expect(problemText(used, "de")).toBe("Diese Einladung wurde bereits genutzt.");
    expect(problemText(used, "es")).toBe("Esta invitación ya se usó.");
    expect(problemText(used, "en")).toBe("This invite was used already");
    expect(errorText(new ApiError(409, used), "de")).toBe("Diese Einladung wurde bereits genutzt.");
    expect(errorText(new NetworkError(), "es")).toBe("No tienes conexión o no se puede llegar al servidor.");
    expect(errorText(new MoneyError("money.required", "enter an amount"), "de")).toBe("Gib einen Betrag ein.");
  });
  it("falls back to the server's detail for a code without a message", () => {
    expect(problemText({ ...used, code: "invite.brand_new", detail: "something new" }, "de")).toBe("Something new");
  });
});

describe("CODE_MESSAGES", () => {
  it("names each code's message by problemKey(code)", async () => {
    const { CODE_MESSAGES } = await import("./code_messages.ts");
    const { m } = await import("./mod.ts");
    for (const [code, message] of Object.entries(CODE_MESSAGES)) {
      expect((m as unknown as Record<string, unknown>)[problemKey(code)], code).toBe(message);
    }
  });
});
