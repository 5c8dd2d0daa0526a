/**
 * Between `node:http` and a fetch handler (`(Request, Deno.ServeHandlerInfo)
 * => Response`): the request as a web `Request` (its body streamed, its
 * signal aborted when the client goes away) and the `Response` written back
 * chunk by chunk with backpressure, so that a server-sent event leaves at
 * once. The handler gets the peer's address as `Deno.serve` would give it
 * (Hono's `env`, read by `clientAddress`).
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** A fetch handler, as `Deno.serve` takes it. */
export type FetchHandler = (
  request: Request,
  info: Deno.ServeHandlerInfo<Deno.NetAddr>,
) => Response | Promise<Response>;

const NO_BODY_METHODS = new Set(["GET", "HEAD"]);

/** The request's URL: origin-form against its `Host`, or null when it makes no URL. */
export function requestUrl(target: string, host: string | undefined): URL | null {
  try {
    if (target.startsWith("/")) return new URL(target, `http://${host || "localhost"}`);
    // absolute-form (a request to a proxy); anything else (`*`, authority-form) is no resource here.
    const url = new URL(target);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * The request's body as a web stream, read as the handler reads it (the
 * socket is paused meanwhile). Cancelling it discards the rest instead of
 * closing the connection, so that an answer sent before the body was read
 * (413, 415) still reaches a client that is busy sending it.
 */
export function requestBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  discarders.set(req, () => {
    done = true;
    req.resume();
  });
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.pause();
      req.on("data", (chunk: Uint8Array) => {
        if (done) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      });
      req.once("end", () => {
        if (done) return;
        done = true;
        controller.close();
      });
      const fail = (e?: Error) => {
        if (done) return;
        done = true;
        controller.error(e ?? new Error("the request body was cut off"));
      };
      req.once("error", fail);
      req.once("close", () => fail());
    },
    pull() {
      req.resume();
    },
    cancel() {
      // A body cancelled after it all arrived (an upload route refusing it) must not be closed
      // by its "end" afterwards: that throws, uncaught.
      done = true;
      discardBody(req);
    },
  }, new ByteLengthQueuingStrategy({ highWaterMark: 65_536 }));
}

/** How to stop feeding a request's body stream and drop the rest instead. */
const discarders = new WeakMap<IncomingMessage, () => void>();

/**
 * Reads and drops what is left of the request body (bounded by the body
 * timeout); its body stream, if any, gets nothing more.
 */
export function discardBody(req: IncomingMessage): void {
  if (req.complete) return;
  const discard = discarders.get(req);
  if (discard) discard();
  else req.resume();
}

/** A web `Request` for a node request; `signal` aborts it (the client went away). */
export function toRequest(req: IncomingMessage, url: URL, signal: AbortSignal): Request {
  const method = req.method ?? "GET";
  const body = NO_BODY_METHODS.has(method) ? null : requestBody(req);
  const request = new Request(url, {
    method,
    body,
    signal,
    // @ts-ignore: `duplex` is required by fetch for a streamed body, and missing from the DOM types.
    duplex: "half",
  });
  // Appended to the request's own headers rather than passed as a `Headers` in its init: the
  // constructor copies a `Headers` through its iterator, which re-sorts the whole list at every
  // step in Deno (quadratic; ADR 0061).
  const headers = request.headers;
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    try {
      headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
    } catch {
      // A header value the fetch API refuses (node's parser is laxer): drop that header.
    }
  }
  return request;
}

/**
 * Whether a response's body is written whole (one write, with its
 * `Content-Length`) rather than streamed chunk by chunk: JSON documents and
 * problem documents, which every route builds in memory. Everything else
 * (live streams, exports, files, archives) streams.
 */
export function writtenWhole(response: Response): boolean {
  const type = response.headers.get("content-type");
  if (type === null) return false;
  const media = type.split(";", 1)[0].trim().toLowerCase();
  return media === "application/json" || media === "application/problem+json";
}

/** Writes `response` to `res`; resolves once it is written or the client went away. */
export async function writeResponse(
  res: ServerResponse,
  response: Response,
  method: string,
): Promise<void> {
  // `forEach`, not `for...of`: Deno's `Headers` iterator re-sorts the list at every step.
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  if (response.body === null || method === "HEAD") {
    res.writeHead(response.status, response.statusText || undefined);
    await response.body?.cancel();
    res.end();
    return;
  }
  if (writtenWhole(response)) {
    // A document built in memory: headers and body in one write, with its length (no chunked
    // framing, no reader). A body that fails to read is a broken response, as below.
    let bytes: Uint8Array;
    try {
      bytes = await response.bytes();
    } catch {
      res.destroy();
      return;
    }
    if (res.destroyed) return;
    res.setHeader("content-length", bytes.byteLength);
    res.writeHead(response.status, response.statusText || undefined);
    res.end(bytes);
    return;
  }
  res.writeHead(response.status, response.statusText || undefined);
  const reader = response.body.getReader();
  // The client went away (or the connection was closed under it): cancel the body, so that a
  // stream's producer (a live stream) learns it at once.
  const onClose = () => {
    if (!res.writableFinished) reader.cancel().catch(() => {});
  };
  res.once("close", onClose);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) {
        await new Promise<void>((resolve) => {
          const go = () => {
            res.off("drain", go);
            res.off("close", go);
            resolve();
          };
          res.on("drain", go);
          res.on("close", go);
        });
      }
    }
    if (!res.destroyed) res.end();
  } catch {
    // The body failed (its producer threw) or was cancelled: cut the connection, so that the
    // client sees a broken response rather than a complete one.
    res.destroy();
  } finally {
    res.off("close", onClose);
    reader.releaseLock();
  }
}
