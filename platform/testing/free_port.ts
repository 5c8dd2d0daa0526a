/**
 * Ports for the servers a test starts, claimed across every test process of the machine.
 *
 * Asking the kernel for port 0 and closing it again (the usual trick) leaves a window before the
 * test's server binds it: another test process may be handed the same port, and any outgoing
 * connection (each test opens hundreds to PostgreSQL and Valkey) may take it as its ephemeral
 * source port. Both happened here (a "404 Not Found" in plain text from someone else's server).
 * So a port is drawn from below Linux's ephemeral range (32768–60999: no outgoing connection
 * takes it), claimed by creating a file of its own (`createNew`, atomic across processes) and
 * checked free by binding it once. A claim older than {@linkcode STALE_MS} is taken over.
 *
 * @module
 */

const FIRST = 20_000;
const LAST = 32_000;
/** How long a claimed port stays reserved for the process that claimed it. */
const STALE_MS = 30 * 60_000;
const CLAIMS = `${Deno.env.get("TMPDIR") ?? "/tmp"}/kopek-test-ports`;

/** A free TCP port of 127.0.0.1, reserved for this caller for half an hour (bind it soon). */
export function freePort(): number {
  Deno.mkdirSync(CLAIMS, { recursive: true });
  for (let attempt = 0; attempt < 2_000; attempt++) {
    const port = FIRST + Math.floor(Math.random() * (LAST - FIRST));
    if (!claim(`${CLAIMS}/${port}`)) continue;
    try {
      Deno.listen({ hostname: "127.0.0.1", port }).close();
      return port;
    } catch {
      // Taken by a server outside the claims: keep the claim, so that nobody tries it again soon.
    }
  }
  throw new Error(`no free port between ${FIRST} and ${LAST}`);
}

/** Claims `path` for this process: creates it, or takes over a stale claim. */
function claim(path: string): boolean {
  try {
    Deno.writeFileSync(path, new Uint8Array(), { createNew: true });
    return true;
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  }
  const mtime = statTime(path);
  if (mtime === null || Date.now() - mtime < STALE_MS) return false;
  // Only one of the processes that found it stale renames it away; it then claims it anew (unless
  // a newcomer created it meanwhile, which is a claim as good as its own).
  const aside = `${path}.stale-${crypto.randomUUID()}`;
  try {
    Deno.renameSync(path, aside);
  } catch {
    return false;
  }
  Deno.removeSync(aside);
  try {
    Deno.writeFileSync(path, new Uint8Array(), { createNew: true });
    return true;
  } catch {
    return false;
  }
}

function statTime(path: string): number | null {
  try {
    return Deno.statSync(path).mtime?.getTime() ?? null;
  } catch {
    return null;
  }
}
