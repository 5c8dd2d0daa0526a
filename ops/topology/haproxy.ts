/**
 * The load balancer of the topology test: Debian's /usr/sbin/haproxy on a
 * free port of 127.0.0.1, routing by method as compose.yaml's Traefik labels
 * do (GET and HEAD to the query APIs, every other method to the command
 * APIs), each backend server health-checked on `/readyz`.
 *
 * @module
 */
import { freePort } from "../../platform/testing/free_port.ts";
import { waitForPort } from "../../platform/testing/wait_for_port.ts";

/** Where Debian installs HAProxy. */
export const HAPROXY_BIN = "/usr/sbin/haproxy";

/** A running HAProxy. */
export interface OwnHaproxy extends AsyncDisposable {
  /** `http://127.0.0.1:port`: the public API. */
  readonly base: string;
  close(): Promise<void>;
}

/** Whether HAProxy is installed. */
export async function haproxyPresent(): Promise<boolean> {
  return await Deno.stat(HAPROXY_BIN).then(() => true, () => false);
}

/** The `server` lines of a backend: `ports` on 127.0.0.1, checked every 500 ms (3 s to answer). */
function servers(name: string, ports: readonly number[]): string[] {
  return ports.map((port, i) => `  server ${name}${i + 1} 127.0.0.1:${port} check`);
}

/**
 * How the command backend spreads requests: `group` sends each group's commands to one instance
 * (the default), `roundrobin` spreads them as compose's Traefik does (benchmarks, ADR 0075).
 */
export type CommandBalance = "group" | "roundrobin";

/** HAProxy's configuration for the given command API and query API ports. */
export function haproxyConfig(
  port: number,
  backends: { command: readonly number[]; query: readonly number[] },
  balance: CommandBalance = "group",
): string {
  return [
    "global",
    "  maxconn 2000",
    "defaults",
    "  mode http",
    "  timeout connect 2s",
    "  timeout client 60s",
    "  timeout server 60s",
    // A connection refused by a killed instance is retried on the other one.
    "  retries 2",
    "  option redispatch",
    // A check waits up to 3 s for `/readyz`: without `timeout check` HAProxy gives it `inter`
    // (500 ms), and an instance busy under load (its answer queued behind the requests) was taken
    // out and HAProxy answered 503 itself (docs/performance.md, "Several processes"). A killed
    // instance refuses the connection at once and is still out after two checks.
    "  timeout check 3s",
    "  default-server inter 500ms fall 2 rise 2",
    "frontend api",
    `  bind 127.0.0.1:${port}`,
    "  acl read method GET HEAD",
    "  use_backend query if read",
    "  default_backend command",
    "backend command",
    // Each group's commands to one instance (a consistent hash of `/v1/groups/{g}`): each
    // instance's cached fold of a group then stays current without a catch-up read, which an
    // instance makes when another one wrote to the group (ADR 0075; docs/performance.md,
    // "Several processes").
    ...(balance === "group"
      ? ["  balance uri path-only depth 3", "  hash-type consistent"]
      : ["  balance roundrobin"]),
    "  option httpchk GET /readyz",
    ...servers("command", backends.command),
    "backend query",
    "  option httpchk GET /readyz",
    ...servers("query", backends.query),
  ].join("\n") + "\n";
}

/** Starts HAProxy in front of the given instances; answers once it listens. */
export async function startHaproxy(
  backends: { command: readonly number[]; query: readonly number[] },
  balance: CommandBalance = "group",
): Promise<OwnHaproxy> {
  const dir = await Deno.makeTempDir({ prefix: "kopek-topology-haproxy-" });
  const port = freePort();
  await Deno.writeTextFile(`${dir}/haproxy.cfg`, haproxyConfig(port, backends, balance));
  const child = new Deno.Command(HAPROXY_BIN, {
    args: ["-db", "-f", `${dir}/haproxy.cfg`],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      try {
        child.kill("SIGTERM");
      } catch {
        // already gone
      }
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    })();
  if (!await waitForPort(port, 10_000)) {
    await close();
    throw new Error(`HAProxy did not listen on ${port} within 10 s`);
  }
  return { base: `http://127.0.0.1:${port}`, close, [Symbol.asyncDispose]: close };
}
