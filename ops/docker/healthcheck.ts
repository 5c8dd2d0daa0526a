/**
 * The images' health check (`HEALTHCHECK` in ops/docker/deno.Dockerfile):
 * exits 0 when the service in this container answers `GET /healthz` on
 * `KOPEK_PORT` with 2xx within 2 s, 1 otherwise. No imports: it runs with
 * `--no-config`.
 *
 * @module
 */

/** Probes `http://127.0.0.1:<port>/healthz`; true when it answers 2xx in time. */
export async function healthy(port: number, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

if (import.meta.main) {
  const port = Number(Deno.env.get("KOPEK_PORT") ?? "8080");
  Deno.exit(await healthy(port) ? 0 : 1);
}
