/**
 * A bound on a wait in an integration test: the promise, or an error that
 * names what did not come. Bounds are generous (tests wait on events, not on
 * time); a timed assertion of how fast something came belongs in a bench.
 *
 * @module
 */

/** Resolves with `p`, or rejects with "`what`: nothing within `ms` ms". */
export async function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
