import { describe, expect, it } from "vitest";
import { ApiError, NetworkError } from "../api/errors.ts";
import { createConvergence, isTransient } from "./converge.ts";

/** Timers run by hand: `fire()` runs the due ones in order. */
function fakeTimers() {
  const timers = new Map<number, { f: () => void; ms: number }>();
  let next = 1;
  return {
    setTimeout: (f: () => void, ms: number) => {
      const id = next++;
      timers.set(id, { f, ms });
      return id;
    },
    clearTimeout: (t: unknown) => void timers.delete(t as number),
    delays: () => [...timers.values()].map((t) => t.ms),
    fire() {
      const all = [...timers];
      timers.clear();
      for (const [, t] of all) t.f();
    },
  };
}

/** A refetch that records its positions and answers as told (default: success). */
function fakeRefetch() {
  const calls: number[] = [];
  const outcomes: (Error | null)[] = [];
  let release: (() => void) | null = null;
  let hold = false;
  const refetch = async (p: number) => {
    calls.push(p);
    if (hold) await new Promise<void>((r) => (release = r));
    const outcome = outcomes.shift();
    if (outcome) throw outcome;
  };
  return {
    refetch,
    calls,
    failNext: (...e: Error[]) => outcomes.push(...e),
    hold: () => void (hold = true),
    release() {
      hold = false;
      release?.();
      release = null;
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const offline = () => new NetworkError(new TypeError("Failed to fetch"));

describe("createConvergence", () => {
  it("reads once at start, then at each position it hears of", async () => {
    const r = fakeRefetch();
    const c = createConvergence(r.refetch, fakeTimers());
    await settle();
    c.moved(10);
    await settle();
    c.moved(12);
    await settle();
    expect(r.calls).toEqual([0, 10, 12]);
    expect(c.state).toMatchObject({ known: 12, reached: 12, failed: false, busy: false });
  });

  it("skips a change it already read past", async () => {
    const r = fakeRefetch();
    const c = createConvergence(r.refetch, fakeTimers());
    await settle();
    c.moved(20);
    await settle();
    c.moved(15);
    c.moved(20);
    await settle();
    expect(r.calls).toEqual([0, 20]);
  });

  it("folds the changes that arrive during a read into one read at the highest", async () => {
    const r = fakeRefetch();
    r.hold();
    const c = createConvergence(r.refetch, fakeTimers());
    c.moved(5);
    c.moved(9);
    c.moved(7);
    r.release();
    await settle();
    await settle();
    expect(r.calls).toEqual([0, 9]);
    expect(c.state.reached).toBe(9);
  });

  it("retries a read that failed offline, with backoff, until it succeeds", async () => {
    const r = fakeRefetch();
    const t = fakeTimers();
    const c = createConvergence(r.refetch, { ...t, minBackoffMs: 100, maxBackoffMs: 300 });
    await settle();
    r.failNext(offline(), offline(), new ApiError(503, { status: 503, detail: "busy" }), offline());
    c.moved(30);
    await settle();
    expect(c.state).toMatchObject({ failed: true, busy: true, reached: 0 });
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      delays.push(...t.delays());
      t.fire();
      await settle();
    }
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(r.calls).toEqual([0, 30, 30, 30, 30, 30]);
    expect(c.state).toMatchObject({ failed: false, busy: false, reached: 30 });
    expect(t.delays()).toEqual([]);
  });

  it("does not retry by itself what will not pass (a 404), but tries again on the next signal", async () => {
    const r = fakeRefetch();
    const t = fakeTimers();
    r.failNext(new ApiError(404, { status: 404, detail: "not found" }));
    const c = createConvergence(r.refetch, t);
    await settle();
    expect(c.state).toMatchObject({ failed: true, busy: false });
    expect(t.delays()).toEqual([]);
    c.moved(3);
    await settle();
    expect(r.calls).toEqual([0, 3]);
    expect(c.state.failed).toBe(false);
  });

  it("a failed read is tried at once when the network is back, not at the end of the backoff", async () => {
    const r = fakeRefetch();
    const t = fakeTimers();
    r.failNext(offline());
    const c = createConvergence(r.refetch, { ...t, minBackoffMs: 60_000 });
    await settle();
    expect(t.delays()).toEqual([60_000]);
    c.retry();
    await settle();
    expect(r.calls).toEqual([0, 0]);
    expect(c.state).toMatchObject({ failed: false, busy: false, reached: 0 });
    // The retry timer was cancelled.
    expect(t.delays()).toEqual([]);
  });

  it("retry does nothing when nothing failed; resync always reads again", async () => {
    const r = fakeRefetch();
    const c = createConvergence(r.refetch, fakeTimers());
    await settle();
    c.moved(8);
    await settle();
    c.retry();
    await settle();
    expect(r.calls).toEqual([0, 8]);
    c.resync();
    await settle();
    expect(r.calls).toEqual([0, 8, 8]);
  });

  it("a change heard during a failing read is read right after, not after the backoff", async () => {
    const r = fakeRefetch();
    const t = fakeTimers();
    await settle();
    r.hold();
    r.failNext(offline());
    const c = createConvergence(r.refetch, t);
    c.moved(4);
    r.release();
    await settle();
    await settle();
    expect(r.calls).toEqual([0, 4]);
    expect(c.state).toMatchObject({ failed: false, reached: 4 });
  });

  it("starts nothing once stopped", async () => {
    const r = fakeRefetch();
    const t = fakeTimers();
    r.failNext(offline());
    const c = createConvergence(r.refetch, t);
    await settle();
    c.stop();
    expect(t.delays()).toEqual([]);
    c.moved(5);
    c.resync();
    c.retry();
    await settle();
    expect(r.calls).toEqual([0]);
  });
});

describe("isTransient", () => {
  it("offline, server errors and 429 pass; refusals do not", () => {
    expect(isTransient(offline())).toBe(true);
    expect(isTransient(new ApiError(503, { status: 503 }))).toBe(true);
    expect(isTransient(new ApiError(429, { status: 429 }))).toBe(true);
    expect(isTransient(new ApiError(404, { status: 404 }))).toBe(false);
    expect(isTransient(new ApiError(403, { status: 403 }))).toBe(false);
    expect(isTransient(new Error("bug"))).toBe(false);
  });
});
