/**
 * Reads of a group's payments (settlements), kept on this device (in `kv`,
 * `payments:<groupId>`) so that the group page lists them offline too:
 * `GET /v1/groups/{g}/expenses?kind=settlement` (every page) and
 * `GET /v1/groups/{g}/settlements/{s}`.
 *
 * @module
 */
import { db } from "../db.ts";
import { request } from "../api/client.ts";
import type { Page, Settlement } from "../types.ts";

const key = (groupId: string) => `payments:${groupId}`;

/** The group's active payments, newest first, from the server; kept on this device. */
export async function refreshPayments(groupId: string, minPosition?: number): Promise<Settlement[]> {
  const items: Settlement[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams({ kind: "settlement", limit: "500" });
    if (cursor) qs.set("cursor", cursor);
    const { data }: { data: Page<Settlement> } = await request<Page<Settlement>>(
      `/v1/groups/${groupId}/expenses?${qs}`,
      { minPosition },
    );
    items.push(...data.items);
    cursor = data.nextCursor;
  } while (cursor);
  await db.kv.put({ key: key(groupId), value: items });
  return items;
}

/** The payments last read for the group on this device (none when never read). */
export async function cachedPayments(groupId: string): Promise<Settlement[]> {
  return ((await db.kv.get(key(groupId)))?.value as Settlement[] | undefined) ?? [];
}

/** One payment with its version, voided ones included; it replaces the kept copy. */
export async function fetchPayment(
  groupId: string,
  settlementId: string,
  minPosition?: number,
): Promise<Settlement> {
  const { data } = await request<Settlement>(`/v1/groups/${groupId}/settlements/${settlementId}`, { minPosition });
  await db.transaction("rw", db.kv, async () => {
    const kept = await cachedPayments(groupId);
    const others = kept.filter((p) => p.id !== settlementId);
    await db.kv.put({ key: key(groupId), value: data.voided ? others : [data, ...others] });
  });
  return data;
}
