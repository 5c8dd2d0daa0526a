/**
 * Reads for the bot's end-to-end tests that see everything the bot wrote: the
 * bot answers only after Kopek acknowledged its write, so the group's last
 * event (read from the event store itself, `GET /v1/groups/{g}/events`, as the
 * owner) is at least that write, and a read with `Kopek-Min-Position` of it
 * sees it. Waiting for two equal reads in a row instead passes while the
 * projector lags behind under load.
 *
 * @module
 */
import type { KopekClient } from "@kopek/testing";

/** How many times a read answered 503 (the read side not there yet, on a loaded machine) is asked again. */
const RETRIES = 60;

/**
 * GET `path` until it answers 200 (the statuses `waitOut` are asked again, once a second);
 * anything else throws.
 */
async function ok(
  client: KopekClient,
  path: string,
  headers?: Record<string, string>,
  waitOut: readonly number[] = [503],
  // deno-lint-ignore no-explicit-any
): Promise<any> {
  for (let i = 0;; i++) {
    const res = await client.get(path, headers);
    if (res.status === 200) return res.body;
    if (!waitOut.includes(res.status) || i >= RETRIES) {
      throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * The position of the group's last event, from the event store (the owner or an auditor reads it).
 * The route checks the caller's role in the access read model, which may not have seen the
 * group yet under load: its 404 is waited out too (the group exists: the test made it).
 */
export async function groupHead(owner: KopekClient, groupId: string): Promise<number> {
  let head = 0;
  for (;;) {
    const path = `/v1/groups/${groupId}/events?after=${head}&limit=500`;
    const page = await ok(owner, path, undefined, [503, 404]);
    const items = page.items as { position: number }[];
    if (items.length > 0) head = items.at(-1)!.position;
    if (items.length < 500) return head;
  }
}

/** GET `path` as `owner` once the read side has applied every event the group has so far. */
// deno-lint-ignore no-explicit-any
export async function readAtHead<T = any>(
  owner: KopekClient,
  groupId: string,
  path: string,
): Promise<T> {
  const head = await groupHead(owner, groupId);
  return await ok(owner, path, { "kopek-min-position": String(head) }) as T;
}
