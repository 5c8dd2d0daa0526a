/**
 * Small request bodies read whole before the handler runs (ADR 0072): a
 * body whose `Content-Length` is at most {@linkcode SMALL_BODY_MAX_BYTES}
 * (every command, every JSON write) is collected from the node stream into
 * one buffer and given to the `Request` as bytes, instead of a node stream
 * feeding a web `ReadableStream` that the handler then reads back. Larger
 * bodies and chunked ones (imports, attachments) still stream with
 * backpressure (`server_adapter.ts`).
 *
 * The limits hold as before: node's body timeout bounds the read (408 and
 * closed), and a body cut off before its end is given to the handler as a
 * stream that fails, as a streamed body would fail under it.
 *
 * @module
 */
import type { IncomingMessage } from "node:http";
import type { Readable } from "node:stream";

/**
 * Bodies declaring at most this many bytes are read before the handler runs
 * (a streamed body's buffer holds as much: `server_adapter.ts`).
 */
export const SMALL_BODY_MAX_BYTES = 64 * 1024;

/** The declared length of a body small enough to read whole first, else null (it streams). */
export function smallBodyLength(headers: IncomingMessage["headers"]): number | null {
  const declared = headers["content-length"];
  if (declared === undefined || headers["transfer-encoding"] !== undefined) return null;
  if (!/^\d{1,6}$/.test(declared)) return null;
  const length = Number(declared);
  return length <= SMALL_BODY_MAX_BYTES ? length : null;
}

/** What a body read whole gave: its bytes, or `null` when it was cut off before its end. */
export type SmallBody = Uint8Array<ArrayBuffer> | null;

/**
 * Reads the request's body (of `length` declared bytes) to its end; `null`
 * when the connection closed or failed first (the body timeout, the client
 * gone).
 */
export function readSmallBody(
  req: Readable,
  length: number,
): Promise<SmallBody> {
  return new Promise((resolve) => {
    // Kept as they come, joined at the end: a client that declares 64 KiB and sends nothing holds
    // no buffer of that size.
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Uint8Array) => {
      // node's parser never passes more than the declared length; guard anyway.
      if (size + chunk.byteLength > length) chunk = chunk.subarray(0, length - size);
      chunks.push(chunk);
      size += chunk.byteLength;
    };
    const settle = (body: SmallBody) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onCut);
      // The "error" listener stays: an error after the end must not go unhandled.
      resolve(body);
    };
    const onEnd = () => {
      const body = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        body.set(c, at);
        at += c.byteLength;
      }
      settle(body);
    };
    const onCut = () => settle(null);
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onCut);
    req.once("close", onCut);
  });
}

/** A body stream that fails at once: the handler learns that the body never came whole. */
export function cutBody(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.error(new Error("the request body was cut off"));
    },
  });
}
