/**
 * A local push service for tests (ADR 0057): `web-push-testing` from npm
 * (installed by `deno task install` into node_modules), run with node on a
 * free port. It hands out subscriptions like a browser's, decrypts what is
 * pushed to them (RFC 8291, aes128gcm, with the VAPID check) and keeps the
 * plaintexts; an expired subscription answers 410.
 *
 * @module
 */

const SERVER = new URL(
  "../node_modules/web-push-testing/src/bin/server.js",
  import.meta.url,
).pathname;

/** A subscription of the push service, as a browser's `toJSON()`, with its client hash. */
export interface TestSubscription {
  readonly endpoint: string;
  readonly keys: { readonly p256dh: string; readonly auth: string };
  readonly clientHash: string;
}

/** A running local push service. */
export interface PushService extends AsyncDisposable {
  readonly url: string;
  /** A new subscription for this VAPID public key. */
  subscribe(applicationServerKey: string): Promise<TestSubscription>;
  /** The plaintexts pushed to a subscription so far. */
  messages(clientHash: string): Promise<string[]>;
  /** Makes the subscription answer 410 Gone from now on. */
  expire(clientHash: string): Promise<void>;
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** Starts the push service; dispose of it to stop it. */
export async function startPushService(): Promise<PushService> {
  const port = freePort();
  const child = new Deno.Command("node", {
    args: [SERVER, String(port)],
    stdout: "null",
    stderr: "null",
  }).spawn();
  const url = `http://localhost:${port}`;
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`push service ${path}: ${response.status} ${text}`);
    return response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : null;
  };
  // Up once its status answers (bounded: node starts in well under 30 s).
  for (let i = 0;; i++) {
    try {
      await call("/status");
      break;
    } catch (e) {
      if (i >= 300) {
        child.kill();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    async subscribe(applicationServerKey) {
      return (await call("/subscribe", { applicationServerKey })).data;
    },
    async messages(clientHash) {
      return (await call("/get-notifications", { clientHash })).data.messages;
    },
    async expire(clientHash) {
      await call(`/expire-subscription/${clientHash}`);
    },
    async [Symbol.asyncDispose]() {
      child.kill();
      await child.status;
    },
  };
}
