/**
 * A TCP proxy for outage tests: it forwards to a real server and can be cut
 * (every connection closed, new ones refused) and restored on the same port,
 * which is what a client sees when the server stops and comes back.
 *
 * @module
 */

/** A running proxy. */
export interface TcpProxy extends AsyncDisposable {
  /** The port the proxy listens on, on 127.0.0.1, for its whole life. */
  readonly port: number;
  /** Whether connections are currently forwarded. */
  readonly isCut: boolean;
  /** Closes every connection and stops listening: new connections are refused. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): void;
  /** Keeps connections open but holds every byte: the server stops answering. */
  pause(): void;
  /** Delivers what was held and forwards again. */
  resume(): void;
  /** Cuts and waits for every pending operation. */
  close(): Promise<void>;
}

/** Starts a proxy from a free port on 127.0.0.1 to `target`. */
export function startTcpProxy(target: { hostname: string; port: number }): TcpProxy {
  const hostname = "127.0.0.1";
  let listener: Deno.TcpListener | null = Deno.listen({ hostname, port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  const conns = new Set<Deno.Conn>();
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  const tasks = new Set<Promise<void>>();

  const track = (p: Promise<void>) => {
    tasks.add(p);
    p.finally(() => tasks.delete(p));
  };
  const closeQuietly = (c: Deno.Conn) => {
    if (!conns.delete(c)) return;
    try {
      c.close();
    } catch {
      // already closed by the other side
    }
  };

  async function pump(from: Deno.Conn, to: Deno.Conn) {
    const buffer = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await from.read(buffer);
        if (n === null) break;
        if (gate) await gate.promise;
        let written = 0;
        while (written < n) written += await to.write(buffer.subarray(written, n));
      }
    } catch {
      // a cut or a peer reset ends the pump
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  async function serve(client: Deno.TcpConn) {
    conns.add(client);
    let upstream: Deno.TcpConn;
    try {
      upstream = await Deno.connect({ hostname: target.hostname, port: target.port });
      // without it, Nagle's algorithm adds ~40 ms to small pub/sub frames
      client.setNoDelay(true);
      upstream.setNoDelay(true);
    } catch {
      closeQuietly(client);
      return;
    }
    if (!conns.has(client)) {
      upstream.close();
      return;
    }
    conns.add(upstream);
    await Promise.all([pump(client, upstream), pump(upstream, client)]);
  }

  async function acceptLoop(l: Deno.TcpListener) {
    try {
      for await (const conn of l) track(serve(conn));
    } catch {
      // the listener was closed by cut()
    }
  }

  track(acceptLoop(listener));

  return {
    port,
    get isCut() {
      return listener === null;
    },
    async cut() {
      this.resume();
      const l = listener;
      listener = null;
      try {
        l?.close();
      } catch {
        // already closed
      }
      for (const c of [...conns]) closeQuietly(c);
      await Promise.allSettled([...tasks]);
    },
    restore() {
      if (listener) return;
      listener = Deno.listen({ hostname, port });
      track(acceptLoop(listener));
    },
    pause() {
      if (gate) return;
      const { promise, resolve } = Promise.withResolvers<void>();
      gate = { promise, open: resolve };
    },
    resume() {
      gate?.open();
      gate = null;
    },
    async close() {
      this.resume();
      await this.cut();
    },
    async [Symbol.asyncDispose]() {
      await this.close();
    },
  };
}
