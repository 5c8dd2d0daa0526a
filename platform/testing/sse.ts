/**
 * Reads server-sent events from a response body, for tests and benchmarks of
 * `/live`: `next()` answers the next event (comments such as heartbeats are
 * skipped), or null when the stream ended.
 *
 * @module
 */

/** One server-sent event. */
export interface SseEvent {
  event?: string;
  id?: string;
  data?: string;
}

/** Reads server-sent events from a response body. */
export function sseReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(): Promise<SseEvent | null> {
      while (true) {
        const end = buffer.indexOf("\n\n");
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const e: SseEvent = {};
          for (const line of block.split("\n")) {
            const [field, ...rest] = line.split(":");
            const value = rest.join(":").trimStart();
            if (field === "event" || field === "id" || field === "data") e[field] = value;
          }
          if (e.event || e.data) return e;
          continue; // a comment (heartbeat)
        }
        const { value, done } = await reader.read();
        if (done) return null;
        buffer += value;
      }
    },
    cancel: () => reader.cancel(),
  };
}
