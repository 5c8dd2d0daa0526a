/**
 * The HTTP server of every Kopek service and of the all-in-one: a fetch
 * handler served with limits a slow client cannot outlast, and a graceful
 * shutdown with a bound (ADR 0025).
 *
 * `Deno.serve` (Deno 2.9) has no header-read, body-read or idle timeout and
 * no connection cap: a client that never finishes its headers holds its
 * socket forever. Deno's `node:http` server parses HTTP itself over
 * `node:net` and enforces Node's `headersTimeout`, `requestTimeout` and
 * `keepAliveTimeout` (answering 408 and closing), and `maxConnections`; this
 * module serves the fetch handler on it (see `server_adapter.ts`).
 *
 * - **Headers**: the request line and headers must be complete within
 *   `headersTimeoutMs` of the connection (or of the previous response on a
 *   kept-alive one): else 408 and closed.
 * - **Body**: the whole request, body included, within `requestTimeoutMs`:
 *   else 408 and closed; the handler's body read fails.
 * - **Idle**: a kept-alive connection with no new request is closed after
 *   `keepAliveTimeoutMs`.
 * - **Connections**: at most `maxConnections` open at once; one more is
 *   closed as it arrives.
 *
 * `shutdown(graceMs)` stops accepting, calls `onDraining` (end long-lived
 * responses: live streams), closes idle connections after
 * {@linkcode IDLE_LINGER_MS} (a request a client sent on one just before the
 * signal is still on its way: it is answered, not reset), lets the requests
 * in flight finish (each answered with `Connection: close`), and after
 * `graceMs` closes whatever is still open.
 *
 * @module
 */
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Logger } from "../logger.ts";
import { problem, problemResponse } from "./problem.ts";
import { withRuntimeSpan } from "../tracing.ts";
import {
  discardBody,
  type FetchHandler,
  requestUrl,
  toRequest,
  writeResponse,
} from "./server_adapter.ts";

export type { FetchHandler } from "./server_adapter.ts";

/** What a slow or greedy client is allowed. */
export interface HttpLimits {
  /** The request line and headers must arrive within this, in milliseconds. */
  readonly headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this, in milliseconds. */
  readonly requestTimeoutMs: number;
  /** A kept-alive connection without a request is closed after this, in milliseconds. */
  readonly keepAliveTimeoutMs: number;
  /** Connections open at once; more are closed as they arrive. */
  readonly maxConnections: number;
}

/** The defaults (see docs/operations.md, "Shutdown and slow clients"). */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  keepAliveTimeoutMs: 75_000,
  maxConnections: 2_000,
};

/** Options of {@linkcode serveHttp}. */
export interface HttpServerOptions {
  /** Gets the connection's details (the client's address) too, as Hono's `env`. */
  readonly fetch: FetchHandler;
  readonly port: number;
  readonly hostname?: string;
  /**
   * Binds with `SO_REUSEPORT` (Linux): several servers of this process's workers listen on one
   * port and the kernel spreads connections over them (the all-in-one's `KOPEK_HTTP_WORKERS`).
   */
  readonly reusePort?: boolean;
  readonly limits?: Partial<HttpLimits>;
  readonly logger: Logger;
  /**
   * Runs at shutdown once the server stopped accepting, before it waits for
   * the requests in flight: end long-lived responses (live streams) here.
   */
  readonly onDraining?: () => void | Promise<void>;
}

/** What a shutdown did. */
export interface ShutdownReport {
  /** How long it took, in milliseconds. */
  readonly ms: number;
  /** Requests still in flight at the grace deadline, whose connections were closed. */
  readonly cut: number;
}

/** A running server. */
export interface HttpServer {
  /** The bound address. */
  readonly addr: Deno.NetAddr;
  /** Connections open now. */
  readonly connections: number;
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Stops accepting, ends idle connections, runs `onDraining`, waits for the
   * requests in flight up to `graceMs`, then closes every connection left.
   * Calling it again answers the same shutdown.
   */
  shutdown(graceMs: number): Promise<ShutdownReport>;
}

/**
 * The raw answer to a request that never became one (a header or body
 * timeout, a malformed or oversized header block), as a problem: the
 * connection closes after it.
 */
export function clientErrorAnswer(errorCode: string | undefined): string {
  const [status, reason, p] = errorCode === "ERR_HTTP_REQUEST_TIMEOUT"
    ? [
      408,
      "Request Timeout",
      problem(408, "the request did not arrive in time: send it again", {
        code: "request_timeout",
      }),
    ]
    : errorCode === "HPE_HEADER_OVERFLOW"
    ? [431, "Request Header Fields Too Large", {
      ...problem(400, "the request's headers are too large", { code: "headers_too_large" }),
      status: 431,
    }]
    : [400, "Bad Request", problem(400, "this is not an HTTP/1.1 request", { code: "malformed" })];
  const body = JSON.stringify(p);
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
    `Content-Length: ${new TextEncoder().encode(body).length}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * The request line and headers may take this many bytes (node's default is
 * 16 KiB): a URL of up to 64 KiB, and headers beside it; more answers 431.
 */
export const MAX_HEADER_BYTES = 96 * 1024;

/**
 * At shutdown, how long idle kept-alive connections stay open: a request
 * already sent on one arrives within it and is answered (with
 * `Connection: close`) instead of meeting a closed connection.
 */
export const IDLE_LINGER_MS = 500;

/** How often node checks the header and request timeouts: a fraction of the shorter one. */
function checkingInterval(limits: HttpLimits): number {
  return Math.max(50, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
}

/**
 * What the server knows of its connections and requests: the open sockets, the requests being
 * answered on each (a socket without one is idle, or has not sent a whole header block yet, and
 * is closed at once when the server drains), and the drain's state.
 */
interface Traffic {
  readonly sockets: Set<Socket>;
  readonly busy: Map<Socket, number>;
  draining: boolean;
  inFlight: number;
  /** Called when the last request in flight ends during a drain. */
  settled: (() => void) | null;
}

/** Tracks the connections: opened and closed, refused at the cap, malformed ones answered. */
function trackConnections(server: http.Server, traffic: Traffic, limits: HttpLimits, log: Logger) {
  const { sockets } = traffic;
  let atCapLogged = 0;
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.once("close", () => sockets.delete(socket));
  });
  server.on("clientError", (err: Error & { code?: string }, socket: Socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    // Destroyed once written: a handler still reading the body learns at once that none comes.
    socket.end(clientErrorAnswer(err.code), () => socket.destroy());
  });
  server.on("drop", () => {
    // At most one line a minute: a flood would flood the log too.
    if (Date.now() - atCapLogged < 60_000) return;
    atCapLogged = Date.now();
    log.warn({ maxConnections: limits.maxConnections }, "connection cap reached: closing new ones");
  });
}

/** Answers each request with `options.fetch`, a 400 for a target that is no URL, a 500 on a throw. */
function answerRequests(server: http.Server, traffic: Traffic, options: HttpServerOptions) {
  const { busy } = traffic;
  const log = options.logger;
  server.on("request", async (req: http.IncomingMessage, res: http.ServerResponse) => {
    traffic.inFlight++;
    const socket = req.socket;
    busy.set(socket, (busy.get(socket) ?? 0) + 1);
    const gone = new AbortController();
    const completed = Promise.withResolvers<void>();
    // A write on a connection the client dropped: nothing to do but not to crash.
    res.on("error", (err) => log.debug({ err }, "response not delivered"));
    res.once("close", () => {
      if (!res.writableFinished) gone.abort();
      completed.resolve();
    });
    const method = req.method ?? "GET";
    try {
      const url = requestUrl(req.url ?? "/", req.headers.host);
      const response = url === null
        ? problemResponse(problem(400, "the request target is not a URL", { code: "malformed" }))
        // Traced: inside the runtime's span of this request (ADR 0037).
        : await withRuntimeSpan(res, () =>
          options.fetch(toRequest(req, url, gone.signal), {
            remoteAddr: {
              transport: "tcp",
              hostname: socket.remoteAddress ?? "",
              port: socket.remotePort ?? 0,
            },
            completed: completed.promise,
          }));
      // Answered before its body was read (413, 415): what is left of it is read and dropped
      // (within the body timeout), so that a client busy sending it gets to read the answer.
      discardBody(req);
      // Shutting down: this connection carries no further request.
      if (traffic.draining) res.shouldKeepAlive = false;
      await writeResponse(res, response, method);
    } catch (err) {
      log.error({ err }, "the request handler failed");
      try {
        if (res.headersSent || res.destroyed) throw err;
        res.shouldKeepAlive = false;
        await writeResponse(
          res,
          problemResponse(problem(500, "internal error", { code: "internal" })),
          method,
        );
      } catch {
        res.destroy();
      }
    } finally {
      traffic.inFlight--;
      const left = (busy.get(socket) ?? 1) - 1;
      if (left === 0) busy.delete(socket);
      else busy.set(socket, left);
      if (traffic.draining) {
        // Its response was written (`end` sends what is buffered first): nothing more comes.
        if (left === 0) socket.end();
        if (traffic.inFlight === 0) traffic.settled?.();
      }
    }
  });
}

/** Listens on the configured port and host; answers the bound address. */
async function listenOn(server: http.Server, options: HttpServerOptions): Promise<Deno.NetAddr> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    const listen = {
      port: options.port,
      host: options.hostname ?? "0.0.0.0",
      ...(options.reusePort ? { reusePort: true } : {}),
    };
    server.listen(listen, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return { transport: "tcp", hostname: bound.address, port: bound.port };
}

/**
 * Drains the server within `graceMs`: stops listening, lets idle connections linger a moment,
 * ends long-lived responses, waits for the requests in flight, then cuts what is left.
 */
async function drain(
  server: http.Server,
  traffic: Traffic,
  options: HttpServerOptions,
  graceMs: number,
): Promise<ShutdownReport> {
  const log = options.logger;
  const started = performance.now();
  traffic.draining = true;
  // Idle connections linger a moment: a request on its way arrives, is answered, then closes.
  // (node's close() would close them at once: the listener stops, they are ours to close.)
  server.closeIdleConnections = () => {};
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  const linger = Math.min(IDLE_LINGER_MS, graceMs);
  const lingered = new Promise<void>((resolve) =>
    setTimeout(() => {
      for (const socket of traffic.sockets) if (!traffic.busy.has(socket)) socket.end();
      resolve();
    }, linger)
  );
  // Bounded by the grace period too (a hub unsubscribing from a bus that is down).
  let drainTimer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([
    Promise.resolve().then(() => options.onDraining?.()).catch((err) =>
      log.error({ err }, "ending long-lived responses failed")
    ),
    new Promise((resolve) => drainTimer = setTimeout(resolve, graceMs)),
  ]);
  clearTimeout(drainTimer);
  await lingered;
  let cut = 0;
  if (traffic.inFlight > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const left = Math.max(0, graceMs - (performance.now() - started));
    await new Promise<void>((resolve) => {
      traffic.settled = resolve;
      timer = setTimeout(resolve, left);
    });
    clearTimeout(timer);
    cut = traffic.inFlight;
  }
  if (cut > 0) {
    log.warn({ requests: cut, graceMs }, "requests still in flight at the deadline: cut");
  }
  server.closeAllConnections();
  for (const socket of traffic.sockets) socket.destroy();
  // Every socket is destroyed: the close follows at once (bounded all the same).
  let bound: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([closed, new Promise((resolve) => bound = setTimeout(resolve, 1_000))]);
  clearTimeout(bound);
  return { ms: Math.round(performance.now() - started), cut };
}

/** Serves `fetch`; resolves once the server listens. */
export async function serveHttp(options: HttpServerOptions): Promise<HttpServer> {
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  if (limits.requestTimeoutMs < limits.headersTimeoutMs) {
    throw new RangeError("the request timeout must be at least the headers timeout");
  }
  const log = options.logger;
  const server = http.createServer({
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: checkingInterval(limits),
    maxHeaderSize: MAX_HEADER_BYTES,
  });
  server.maxConnections = limits.maxConnections;
  const traffic: Traffic = {
    sockets: new Set(),
    busy: new Map(),
    draining: false,
    inFlight: 0,
    settled: null,
  };
  trackConnections(server, traffic, limits, log);
  answerRequests(server, traffic, options);
  const addr = await listenOn(server, options);
  log.info({ hostname: addr.hostname, port: addr.port, ...limits }, "listening");

  let stopping: Promise<ShutdownReport> | undefined;
  return {
    addr,
    get connections() {
      return traffic.sockets.size;
    },
    get inFlight() {
      return traffic.inFlight;
    },
    shutdown(graceMs) {
      return stopping ??= drain(server, traffic, options, graceMs);
    },
  };
}
