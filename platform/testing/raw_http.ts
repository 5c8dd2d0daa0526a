/**
 * Raw HTTP/1.1 over TCP for tests of the server's limits: a client that
 * sends what it likes, when it likes (half a header block, a body one byte
 * at a time), and learns when the server closed the connection and what it
 * had said until then.
 *
 * @module
 */

/** One raw connection. */
export interface RawConnection {
  /** Sends text as it is. */
  send(text: string): Promise<void>;
  /** Everything the server sent so far. */
  readonly received: string;
  /** Resolves once the server sent text matching `pattern` (or rejects when it closed first). */
  waitFor(pattern: RegExp): Promise<string>;
  /** Resolves when the server closed the connection: how long after opening, and what it sent. */
  readonly closed: Promise<{ ms: number; text: string }>;
  /** Closes it from this side. */
  close(): void;
}

/** Opens a connection to 127.0.0.1:`port`. */
export async function openRaw(port: number): Promise<RawConnection> {
  const opened = performance.now();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const decoder = new TextDecoder();
  let received = "";
  let listeners: (() => void)[] = [];
  let ended = false;
  const closed = (async () => {
    const buffer = new Uint8Array(16_384);
    try {
      while (true) {
        const n = await conn.read(buffer);
        if (n === null) break;
        received += decoder.decode(buffer.subarray(0, n), { stream: true });
        for (const l of listeners) l();
      }
    } catch {
      // reset by the server, or closed by us: closed either way
    }
    ended = true;
    for (const l of listeners) l();
    try {
      conn.close();
    } catch {
      // already closed
    }
    return { ms: performance.now() - opened, text: received };
  })();
  const encoder = new TextEncoder();
  return {
    async send(text) {
      const bytes = encoder.encode(text);
      for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
    },
    get received() {
      return received;
    },
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(received);
          if (match) {
            listeners = listeners.filter((l) => l !== check);
            resolve(match[0]);
          } else if (ended) {
            listeners = listeners.filter((l) => l !== check);
            reject(new Error(`closed before ${pattern}: ${JSON.stringify(received)}`));
          }
        };
        listeners.push(check);
        check();
      });
    },
    closed,
    close() {
      try {
        conn.close();
      } catch {
        // already closed
      }
    },
  };
}
