/**
 * The HTTP server's limits and shutdown over real sockets: slowloris
 * connections closed after the headers timeout while others are served, a
 * slow body cut, idle connections closed, the connection cap, and a drain
 * that answers what is in flight and cuts what outlasts the grace period.
 */
import assert from "node:assert/strict";
import { createLogger } from "../logger.ts";
import { openRaw, within } from "../testing/mod.ts";
import { type HttpLimits, serveHttp } from "./server.ts";

const logger = createLogger({ level: "silent" });

const LIMITS: HttpLimits = {
  headersTimeoutMs: 1_000,
  requestTimeoutMs: 2_000,
  keepAliveTimeoutMs: 1_000,
  maxConnections: 2_000,
};

async function echoServer(limits: Partial<HttpLimits> = LIMITS, onDraining?: () => void) {
  return await serveHttp({
    port: 0,
    hostname: "127.0.0.1",
    logger,
    limits,
    onDraining,
    fetch: async (request, info) => {
      const url = new URL(request.url);
      if (url.pathname === "/echo") {
        return new Response(`${info.remoteAddr.hostname} read ${(await request.text()).length}`);
      }
      return new Response(`hello ${info.remoteAddr.hostname}`);
    },
  });
}

Deno.test({
  name: "server: 300 connections that never finish their headers are closed after the headers " +
    "timeout, while a normal request is served",
  sanitizeResources: false,
  fn: async () => {
    const server = await echoServer();
    try {
      const attackers = await Promise.all(
        Array.from({ length: 300 }, () => openRaw(server.addr.port)),
      );
      // Half send a partial header block, half nothing at all.
      await Promise.all(
        attackers.map((c, i) =>
          i % 2 === 0 ? c.send("GET / HTTP/1.1\r\nHost: kopek\r\nX-Slow: 1\r\n") : Promise.resolve()
        ),
      );
      // The clients' connects return before the server has accepted them all (a loaded machine
      // lags): wait for it to hold all 300, well inside the headers timeout that closes them.
      const until = Date.now() + LIMITS.headersTimeoutMs * 0.8;
      while (server.connections < 300 && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 5));
      }
      assert.equal(server.connections >= 300, true, `open: ${server.connections}`);
      const served = await within(
        10_000,
        "a normal request",
        fetch(`http://127.0.0.1:${server.addr.port}/`, { headers: { connection: "close" } }),
      );
      assert.equal(served.status, 200);
      assert.equal(await served.text(), "hello 127.0.0.1");
      const closes = await within(
        30_000,
        "every slow connection closed",
        Promise.all(attackers.map((c) => c.closed)),
      );
      for (const c of closes) {
        assert.match(c.text, /^HTTP\/1\.1 408 /);
        assert.match(c.text, /application\/problem\+json/);
        assert.match(c.text, /"code":"request_timeout"/);
      }
      const slowest = Math.max(...closes.map((c) => c.ms));
      const fastest = Math.min(...closes.map((c) => c.ms));
      // Not before the timeout: a slow but honest client has its full second.
      assert.ok(fastest >= LIMITS.headersTimeoutMs * 0.9, `closed after ${fastest} ms`);
      // deno-lint-ignore no-console -- the measured figure, for docs/operations.md
      console.log(
        `slowloris: 300 connections closed ${fastest.toFixed(0)}–${slowest.toFixed(0)} ms ` +
          `after opening (headers timeout ${LIMITS.headersTimeoutMs} ms)`,
      );
    } finally {
      await server.shutdown(100);
    }
  },
});

Deno.test({
  name: "server: a body that trickles is cut at the body timeout; an idle kept-alive " +
    "connection is closed",
  sanitizeResources: false,
  fn: async () => {
    let failedRead: unknown = null;
    const server = await serveHttp({
      port: 0,
      hostname: "127.0.0.1",
      logger,
      limits: LIMITS,
      fetch: async (request) => {
        try {
          return new Response(`read ${(await request.text()).length}`);
        } catch (e) {
          failedRead = e;
          throw e;
        }
      },
    });
    try {
      const slow = await openRaw(server.addr.port);
      await slow.send("POST /echo HTTP/1.1\r\nHost: kopek\r\nContent-Length: 1000\r\n\r\nab");
      const drip = setInterval(() => slow.send("a").catch(() => clearInterval(drip)), 200);
      const cut = await within(30_000, "the slow body cut", slow.closed);
      clearInterval(drip);
      assert.match(cut.text, /^HTTP\/1\.1 408 /);
      assert.match(cut.text, /"code":"request_timeout"/);
      assert.ok(cut.ms >= LIMITS.requestTimeoutMs * 0.9, `cut after ${cut.ms} ms`);
      assert.ok(failedRead !== null, "the handler's body read failed");
      // deno-lint-ignore no-console -- the measured figure, for docs/operations.md
      console.log(`slow body: cut ${cut.ms.toFixed(0)} ms after opening (body timeout 2,000 ms)`);

      // Not HTTP at all: a problem too, and closed.
      const garbage = await openRaw(server.addr.port);
      await garbage.send("HELLO THERE\r\n\r\n");
      const refused = await within(10_000, "the garbage answered", garbage.closed);
      assert.match(refused.text, /^HTTP\/1\.1 400 /);
      assert.match(refused.text, /"code":"malformed"/);

      // A whole body in time is read; the connection then stays open only for the idle timeout.
      const idle = await openRaw(server.addr.port);
      await idle.send("POST /echo HTTP/1.1\r\nHost: kopek\r\nContent-Length: 5\r\n\r\nhello");
      await within(10_000, "the answer", idle.waitFor(/read 5/));
      const closed = await within(30_000, "the idle connection closed", idle.closed);
      assert.doesNotMatch(closed.text, /408/);
      assert.match(closed.text, /connection: keep-alive/i);
      assert.ok(closed.ms >= LIMITS.keepAliveTimeoutMs * 0.9, `closed after ${closed.ms} ms`);
      // deno-lint-ignore no-console -- the measured figure, for docs/operations.md
      console.log(`idle keep-alive: closed ${closed.ms.toFixed(0)} ms after opening (1,000 ms)`);
    } finally {
      await server.shutdown(100);
    }
  },
});

Deno.test({
  name: "server: past the connection cap a new connection is closed at once; one more fits " +
    "once one closed",
  sanitizeResources: false,
  fn: async () => {
    const server = await echoServer({
      ...LIMITS,
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 60_000,
      maxConnections: 50,
    });
    try {
      const held = await Promise.all(Array.from({ length: 50 }, () => openRaw(server.addr.port)));
      const over = await openRaw(server.addr.port);
      const refused = await within(10_000, "the connection over the cap closed", over.closed);
      assert.equal(refused.text, "");
      held[0].close();
      await held[0].closed;
      // The server saw that close: a normal request fits again.
      let status = 0;
      while (status !== 200) {
        const c = await openRaw(server.addr.port);
        await c.send("GET / HTTP/1.1\r\nHost: kopek\r\nConnection: close\r\n\r\n");
        const { text } = await within(10_000, "an answer or a close", c.closed);
        status = Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1] ?? 0);
      }
      for (const c of held) c.close();
    } finally {
      await server.shutdown(100);
    }
  },
});

Deno.test({
  name: "server: shutdown stops accepting, answers the request in flight with Connection: " +
    "close, and cuts a response that outlasts the grace period",
  sanitizeResources: false,
  fn: async () => {
    let drained = false;
    const server = await serveHttp({
      port: 0,
      hostname: "127.0.0.1",
      logger,
      limits: LIMITS,
      onDraining: () => {
        drained = true;
      },
      fetch: async (request) => {
        if (new URL(request.url).pathname === "/forever") {
          // A response that never ends by itself (a stream nobody ends).
          return new Response(
            new ReadableStream({ start: (c) => c.enqueue(new Uint8Array([58, 10])) }),
          );
        }
        return new Response(`read ${(await request.text()).length}`);
      },
    });
    const port = server.addr.port;
    // In flight: the server said 100 Continue, so the handler runs and waits for the body.
    const inFlight = await openRaw(port);
    await inFlight.send(
      "POST /echo HTTP/1.1\r\nHost: kopek\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n",
    );
    await within(10_000, "100 Continue", inFlight.waitFor(/100 Continue\r\n\r\n/));
    const forever = await openRaw(port);
    await forever.send("GET /forever HTTP/1.1\r\nHost: kopek\r\n\r\n");
    await within(10_000, "the endless response", forever.waitFor(/200 OK/));
    const idle = await openRaw(port);

    const shutdown = server.shutdown(1_500);
    // Idle connections close after a moment (IDLE_LINGER_MS), and nothing new is accepted.
    await within(10_000, "the idle connection closed", idle.closed);
    await assert.rejects(Deno.connect({ hostname: "127.0.0.1", port }).then((c) => c.close()));
    assert.equal(drained, true);
    await inFlight.send("hello");
    await within(10_000, "the in-flight answer", inFlight.waitFor(/read 5/));
    assert.match(inFlight.received, /connection: close/i);
    await within(10_000, "the answered connection closed", inFlight.closed);
    const report = await within(10_000, "the shutdown", shutdown);
    assert.equal(report.cut, 1, "the endless response was cut");
    await within(10_000, "the endless response closed", forever.closed);
    // deno-lint-ignore no-console -- the measured figure, for docs/operations.md
    console.log(`shutdown: ${report.ms} ms with one endless response (grace 1,500 ms)`);
  },
});

Deno.test({
  name: "server: a request sent on an idle kept-alive connection as the shutdown begins is " +
    "answered (Connection: close), not met by a closed connection",
  sanitizeResources: false,
  fn: async () => {
    const server = await echoServer();
    const kept = await openRaw(server.addr.port);
    await kept.send("GET / HTTP/1.1\r\nHost: kopek\r\n\r\n");
    await within(10_000, "the first answer", kept.waitFor(/hello/));
    // Idle now; the client's next request crosses the shutdown on the wire.
    const shutdown = server.shutdown(1_500);
    await kept.send("POST /echo HTTP/1.1\r\nHost: kopek\r\nContent-Length: 2\r\n\r\nhi");
    await within(10_000, "the second answer", kept.waitFor(/read 2/));
    assert.match(kept.received, /connection: close/i);
    await within(10_000, "the connection closed", kept.closed);
    await within(10_000, "the shutdown", shutdown);
  },
});

Deno.test({
  name: "server: an answer sent before the body was read (413) reaches a client still sending " +
    "it",
  sanitizeResources: false,
  fn: async () => {
    const server = await serveHttp({
      port: 0,
      hostname: "127.0.0.1",
      logger,
      limits: LIMITS,
      fetch: () => new Response("too large", { status: 413 }),
    });
    try {
      const res = await within(
        10_000,
        "the early answer",
        fetch(`http://127.0.0.1:${server.addr.port}/`, {
          method: "POST",
          body: new Uint8Array(4 * 1024 * 1024),
        }),
      );
      assert.equal(res.status, 413);
      assert.equal(await res.text(), "too large");
      // A GET on a fresh connection stays kept alive.
      const get = await fetch(`http://127.0.0.1:${server.addr.port}/`);
      await get.body?.cancel();
      assert.equal(get.headers.get("connection"), "keep-alive");
    } finally {
      await server.shutdown(100);
    }
  },
});

Deno.test({
  name: "server: a drain hook that never returns does not hold the shutdown past the grace period",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const server = await serveHttp({
      port: 0,
      hostname: "127.0.0.1",
      logger,
      limits: LIMITS,
      onDraining: () => new Promise<void>(() => {}),
      fetch: () => new Response("hi"),
    });
    const report = await within(10_000, "the shutdown", server.shutdown(500));
    assert.equal(report.cut, 0);
    assert.ok(report.ms < 5_000, `took ${report.ms} ms`);
  },
});
