import { describe, expect, it } from "vitest";
import {
  agentOf,
  BODY_MAX_BYTES,
  createReporter,
  encodeReport,
  installErrorReporting,
  MESSAGE_MAX,
  PER_MINUTE,
  routeOf,
} from "./client_errors.ts";

function setup(overrides: { online?: boolean } = {}) {
  const sent: Record<string, unknown>[] = [];
  let t = 1_000_000;
  let online = overrides.online ?? true;
  const reporter = createReporter({
    release: "1733400000000",
    path: () => "/groups/0190b6c4-0000-7000-8000-000000000000/expenses/new?x=token",
    online: () => online,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    now: () => t,
    send: (body) => void sent.push(JSON.parse(body)),
  });
  return {
    reporter,
    sent,
    advance: (ms: number) => void (t += ms),
    setOnline: (v: boolean) => void (online = v),
    flush: () => new Promise((r) => setTimeout(r, 0)),
  };
}

describe("createReporter", () => {
  it("sends a bounded report with the route, never the ids or the query", async () => {
    const s = setup();
    expect(s.reporter.report("error", new TypeError("x is not a function"))).toBe(true);
    await s.flush();
    expect(s.sent).toHaveLength(1);
    expect(s.sent[0]).toMatchObject({
      kind: "error",
      message: "TypeError: x is not a function",
      path: "/groups/[id]/expenses/new",
      release: "1733400000000",
      agent: "chromium",
    });
    expect(typeof s.sent[0].stack).toBe("string");
  });

  it("sends the same error once per page load", async () => {
    const s = setup();
    for (let i = 0; i < 50; i++) s.reporter.report("error", new Error("same"));
    s.reporter.report("unhandledrejection", new Error("same"));
    await s.flush();
    expect(s.sent.map((r) => r.kind)).toEqual(["error", "unhandledrejection"]);
    s.advance(10 * 60_000);
    expect(s.reporter.report("error", new Error("same"))).toBe(false);
  });

  it(`sends at most ${PER_MINUTE} reports a minute, and drops the others`, async () => {
    const s = setup();
    const results = Array.from({ length: 20 }, (_, i) => s.reporter.report("error", new Error(`e${i}`)));
    expect(results.filter(Boolean)).toHaveLength(PER_MINUTE);
    s.advance(59_999);
    expect(s.reporter.report("error", new Error("still the same minute"))).toBe(false);
    s.advance(2);
    expect(s.reporter.report("error", new Error("a new minute"))).toBe(true);
    await s.flush();
    expect(s.sent).toHaveLength(PER_MINUTE + 1);
    // The dropped ones were not remembered as sent: they may go later.
    expect(s.reporter.report("error", new Error("e19"))).toBe(true);
  });

  it("drops reports while offline instead of queueing them", async () => {
    const s = setup({ online: false });
    for (let i = 0; i < 10; i++) expect(s.reporter.report("error", new Error(`e${i}`))).toBe(false);
    s.setOnline(true);
    await s.flush();
    expect(s.sent).toHaveLength(0);
    expect(s.reporter.report("error", new Error("online again"))).toBe(true);
  });

  it("survives a sender that throws or rejects", async () => {
    let calls = 0;
    const reporter = createReporter({
      release: "r",
      path: () => "/",
      send: () => {
        calls++;
        if (calls === 1) throw new Error("no fetch");
        return Promise.reject(new Error("offline"));
      },
    });
    expect(reporter.report("error", new Error("a"))).toBe(true);
    expect(reporter.report("error", new Error("b"))).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toBe(2);
  });

  it("describes rejections that are not errors", async () => {
    const s = setup();
    s.reporter.report("unhandledrejection", { code: 42 });
    s.reporter.report("unhandledrejection", "plain text");
    s.reporter.report("unhandledrejection", undefined, "unhandled rejection");
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    s.reporter.report("unhandledrejection", circular);
    await s.flush();
    expect(s.sent.map((r) => r.message)).toEqual([
      '{"code":42}',
      "plain text",
      "unhandled rejection",
      "[object Object]",
    ]);
  });
});

describe("encodeReport", () => {
  it("keeps the body under the server's cap whatever the text", () => {
    const body = encodeReport({
      kind: "error",
      message: "ж".repeat(10_000),
      stack: "😀".repeat(20_000),
      path: "/",
      release: "r",
      agent: "other",
    });
    expect(new TextEncoder().encode(body).length).toBeLessThanOrEqual(BODY_MAX_BYTES);
    const parsed = JSON.parse(body);
    expect(parsed.message).toHaveLength(MESSAGE_MAX);
    expect(parsed.message.isWellFormed()).toBe(true);
  });
});

describe("routeOf and agentOf", () => {
  it("reduces paths to routes", () => {
    expect(routeOf("/join/K7Q2ABCD")).toBe("/join/[code]");
    expect(routeOf("/")).toBe("/");
    expect(routeOf("/signin?next=/groups/x#t")).toBe("/signin");
  });
  it("names browser families", () => {
    expect(agentOf("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("firefox");
    expect(agentOf("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15")).toBe("safari");
    expect(agentOf("curl/8.0")).toBe("other");
  });
});

describe("installErrorReporting", () => {
  it("reports window errors and unhandled rejections, and uninstalls", () => {
    const target = new EventTarget();
    const seen: [string, unknown][] = [];
    const stop = installErrorReporting(target as unknown as Window, {
      report: (kind, error, fallback) => (seen.push([kind, error ?? fallback]), true),
    });
    const boom = new Error("boom");
    target.dispatchEvent(Object.assign(new Event("error"), { error: boom, message: "boom", filename: "", lineno: 0, colno: 0 }));
    target.dispatchEvent(Object.assign(new Event("unhandledrejection"), { reason: "nope" }));
    stop();
    target.dispatchEvent(Object.assign(new Event("error"), { error: boom, message: "boom" }));
    expect(seen).toEqual([["error", boom], ["unhandledrejection", "nope"]]);
  });
});
