import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SignedOutError } from "../api/errors.ts";

/** What the fake server answers to each connection, in order. */
type Script = (stream: { send: (text: string) => void; close: () => void }) => void;

const server = vi.hoisted(() => ({
  scripts: [] as Script[],
  calls: [] as Record<string, string>[],
  signedOut: false,
}));

// The one HTTP client, faked: each call is one connection that plays the next script.
vi.mock("../api/client.ts", () => ({
  requestRaw: async (_path: string, options: { headers?: Record<string, string> }) => {
    server.calls.push({ ...options.headers });
    if (server.signedOut) throw new SignedOutError({ status: 401, detail: "signed out" });
    const script = server.scripts.shift();
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const encoder = new TextEncoder();
    // Played after the caller got the response, as a server's bytes arrive.
    setTimeout(() => {
      if (!script) return controller.close();
      script({ send: (t) => controller.enqueue(encoder.encode(t)), close: () => controller.close() });
    }, 0);
    return new Response(body, { status: 200 });
  },
}));

const { followGroup } = await import("./live.ts");

const ready = (position: number) => `event: ready\ndata: {"groupId":"g","position":${position}}\n\n`;
const end = (reason: string) => `event: end\ndata: {"groupId":"g","reason":"${reason}"}\n\n`;
/** Lets the fake clock run `ms`, with everything that was waiting on it. */
const pass = (ms: number) => vi.advanceTimersByTimeAsync(ms);

describe("followGroup()", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    server.scripts = [];
    server.calls = [];
    server.signedOut = false;
  });
  afterEach(() => vi.useRealTimers());

  it("reconnects at once after a stream that worked ends at its token's expiry, resuming from ready's position", async () => {
    let later!: { send: (t: string) => void; close: () => void };
    server.scripts.push((s) => {
      s.send(ready(7));
      later = s;
    });
    server.scripts.push((s) => s.send(ready(9)));
    const states: string[] = [];
    const stop = followGroup("g", () => {}, (s) => states.push(s));
    await pass(10_000);
    expect(server.calls).toHaveLength(1);
    later.send(end("token_expired"));
    later.close();
    await pass(10);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]["Last-Event-ID"]).toBe("7");
    expect(states.at(-1)).toBe("live");
    stop();
  });

  it("reconnects within a second when its instance shuts down, resuming from the last change", async () => {
    let later!: { send: (t: string) => void; close: () => void };
    server.scripts.push((s) => {
      s.send(ready(7));
      s.send('event: change\nid: 8\ndata: {"groupId":"g","position":8}\n\n');
      later = s;
    });
    server.scripts.push((s) => s.send(ready(8)));
    const states: string[] = [];
    const stop = followGroup("g", () => {}, (s) => states.push(s));
    await pass(10_000);
    later.send('event: shutdown\ndata: {"groupId":"g","position":8}\n\n');
    later.close();
    // Under a second (the normal backoff waits at least one).
    await pass(999);
    expect(server.calls).toHaveLength(2);
    expect(server.calls[1]["Last-Event-ID"]).toBe("8");
    expect(states.at(-1)).toBe("live");
    stop();
  });

  it("stops and says the group is gone when the member is removed", async () => {
    server.scripts.push((s) => {
      s.send(ready(3));
      s.send(end("removed"));
      s.close();
    });
    const gone = vi.fn();
    const states: string[] = [];
    followGroup("g", () => {}, (s) => states.push(s), gone);
    await pass(120_000);
    expect(gone).toHaveBeenCalledTimes(1);
    expect(server.calls).toHaveLength(1);
    expect(states.at(-1)).toBe("stopped");
  });

  it("stops when reconnecting finds the session ended (the refresh was refused)", async () => {
    server.scripts.push((s) => {
      s.send(ready(3));
      s.send(end("session_ended"));
      server.signedOut = true;
      s.close();
    });
    const states: string[] = [];
    followGroup("g", () => {}, (s) => states.push(s));
    await pass(120_000);
    expect(server.calls).toHaveLength(2);
    expect(states.at(-1)).toBe("stopped");
  });

  it("backs off, rather than spins, when streams keep ending right after ready", async () => {
    for (let i = 0; i < 100; i++) {
      server.scripts.push((s) => {
        s.send(ready(5));
        s.send(end("token_expired"));
        s.close();
      });
    }
    const stop = followGroup("g", () => {}, () => {});
    await pass(10);
    expect(server.calls).toHaveLength(1);
    await pass(30_000);
    // Waits of 1, 2, 4, 8 and 16 s (plus up to 0.5 s each): at most six connections in 30 s.
    expect(server.calls.length).toBeGreaterThan(1);
    expect(server.calls.length).toBeLessThanOrEqual(6);
    stop();
  });

  it("hands each change on and resumes from the last one", async () => {
    server.scripts.push((s) => {
      s.send(ready(1));
      s.send('event: change\nid: 4\ndata: {"groupId":"g","position":4}\n\n');
      s.close();
    });
    const changes: number[] = [];
    const stop = followGroup("g", (p) => changes.push(p));
    await pass(2_000);
    // The first ready's position, then the change; the reconnect's ready (no script) adds nothing.
    expect(changes).toEqual([1, 4]);
    expect(server.calls.length).toBeGreaterThanOrEqual(2);
    expect(server.calls[1]["Last-Event-ID"]).toBe("4");
    stop();
  });

  it("hands the first ready's position on as a change (what landed before the stream is read), not a reconnect's", async () => {
    let first!: { send: (t: string) => void; close: () => void };
    server.scripts.push((s) => {
      s.send(ready(12));
      first = s;
    });
    server.scripts.push((s) => s.send(ready(15)));
    const changes: number[] = [];
    const stop = followGroup("g", (p) => changes.push(p));
    await pass(10_000);
    expect(changes).toEqual([12]);
    first.send(end("token_expired"));
    first.close();
    await pass(10);
    expect(server.calls).toHaveLength(2);
    expect(changes).toEqual([12]);
    stop();
  });
});
