/**
 * Waits until something accepts TCP connections on a local port.
 *
 * @module
 */

/** Resolves once 127.0.0.1:`port` accepts a connection; false when `timeoutMs` ran out first. */
export async function waitForPort(port: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return true;
    } catch {
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
