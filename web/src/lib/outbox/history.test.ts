import { describe, expect, it } from "vitest";
import type { ExpenseVersion } from "./conflict.ts";
import { fetchHistoryPast, PAST_PAUSES_MS } from "./history.ts";

/** A history whose versions are 1..n (only `version` matters here). */
function upTo(n: number): ExpenseVersion[] {
  return Array.from({ length: n }, (_, i) => ({ version: i + 1 }) as ExpenseVersion);
}

/** A reader answering these histories in turn (the last one again once they run out). */
function reads(...answers: ExpenseVersion[][]) {
  let n = 0;
  const read = () => Promise.resolve(answers[Math.min(n++, answers.length - 1)]);
  return { read, count: () => n };
}

describe("fetchHistoryPast", () => {
  it("reads once when the history is already past the stale version", async () => {
    const r = reads(upTo(3));
    const paused: number[] = [];
    const h = await fetchHistoryPast(r.read, 2, async (ms) => void paused.push(ms));
    expect(h.at(-1)?.version).toBe(3);
    expect([r.count(), paused]).toEqual([1, []]);
  });

  it("reads again, pausing, until the read models show the write that made the edit stale", async () => {
    const r = reads(upTo(2), upTo(2), upTo(3));
    const paused: number[] = [];
    const h = await fetchHistoryPast(r.read, 2, async (ms) => void paused.push(ms));
    expect(h.at(-1)?.version).toBe(3);
    expect(r.count()).toBe(3);
    expect(paused).toEqual(PAST_PAUSES_MS.slice(0, 2));
  });

  it("answers the last read once the pauses are spent", async () => {
    const r = reads(upTo(2));
    const paused: number[] = [];
    const h = await fetchHistoryPast(r.read, 2, async (ms) => void paused.push(ms));
    expect(h.at(-1)?.version).toBe(2);
    expect(r.count()).toBe(PAST_PAUSES_MS.length + 1);
    expect(paused).toEqual([...PAST_PAUSES_MS]);
  });

  it("reads once when no stale version is known, or the history is empty", async () => {
    const none = reads(upTo(1));
    expect((await fetchHistoryPast(none.read, null, () => Promise.reject(new Error("paused")))).length).toBe(1);
    expect(none.count()).toBe(1);
    const empty = reads([]);
    expect(await fetchHistoryPast(empty.read, 4, () => Promise.reject(new Error("paused")))).toEqual([]);
    expect(empty.count()).toBe(1);
  });

  it("passes a failed read on", async () => {
    await expect(fetchHistoryPast(() => Promise.reject(new Error("offline")), 2)).rejects.toThrow("offline");
  });
});
