/**
 * The PWA's text limits are the server's (`domain/shared/limits.ts`, which
 * imports nothing, read from ../domain beside web/), and its messages say the
 * length and the limit.
 */
import { describe, expect, it } from "vitest";
import { counterText, showCounter, TEXT_LIMITS, tooLong } from "./limits.ts";
import { TEXT_LIMITS as SERVER_TEXT_LIMITS } from "../../../domain/shared/limits.ts";

describe("text limits", () => {
  it("are the server's", () => {
    expect(TEXT_LIMITS).toEqual(SERVER_TEXT_LIMITS);
  });
  it("say the length, the limit and how many too many", () => {
    expect(counterText(1950, 2000)).toBe("1,950 / 2,000");
    expect(counterText(5000, 2000)).toBe("5,000 / 2,000: 3,000 too many");
    expect(tooLong("The note", 2000, 2000)).toBe("");
    expect(tooLong("The note", 5000, 2000)).toContain("at most 2,000");
    expect(showCounter(1599, 2000)).toBe(false);
    expect(showCounter(1600, 2000)).toBe(true);
  });
});
