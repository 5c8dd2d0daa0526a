/**
 * The all-in-one's VAPID keys (ADR 0057): the configured pair, else one
 * generated once and kept in the data folder (`vapid-keys.json`, mode 0600),
 * as the JWT secret is (`jwt-secret`). `kopek vapid-keys` prints a new pair
 * for the distributed mode's secrets.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { generateVapidKeys } from "@kopek/notifier";

/** A VAPID key pair (base64url). */
export interface VapidKeys {
  readonly publicKey: string;
  readonly privateKey: string;
}

/** The configured pair, else the kept one, else a new one kept in `dataDir`. */
export async function keptVapidKeys(
  dataDir: string,
  given: { publicKey?: string; privateKey?: string },
): Promise<VapidKeys> {
  if (given.publicKey && given.privateKey) {
    return { publicKey: given.publicKey, privateKey: given.privateKey };
  }
  const dir = resolve(dataDir);
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, "vapid-keys.json");
  try {
    const kept = JSON.parse(await Deno.readTextFile(path)) as VapidKeys;
    if (typeof kept.publicKey === "string" && typeof kept.privateKey === "string") return kept;
    throw new Error(`${path} holds no VAPID keys: remove it to generate new ones`);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    const keys = generateVapidKeys();
    await Deno.writeTextFile(path, JSON.stringify(keys) + "\n", { mode: 0o600 });
    return keys;
  }
}

/**
 * `kopek vapid-keys`: a new pair for the distributed mode, printed as
 * `KOPEK_VAPID_PUBLIC_KEY=…` and `KOPEK_VAPID_PRIVATE_KEY=…` (docs/operations.md
 * shows how to put them into compose's secrets or a Kubernetes Secret).
 */
export function vapidKeysCommand(args: string[]): { code: number; lines: string[] } {
  if (args.length > 0) return { code: 2, lines: ["usage: kopek vapid-keys"] };
  const keys = generateVapidKeys();
  return {
    code: 0,
    lines: [
      `KOPEK_VAPID_PUBLIC_KEY=${keys.publicKey}`,
      `KOPEK_VAPID_PRIVATE_KEY=${keys.privateKey}`,
    ],
  };
}
