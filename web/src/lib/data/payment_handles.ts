/**
 * How the group's members can be paid (ADR 0052): `GET /v1/groups/{g}/payment-handles`,
 * kept on this device (in `kv`, `payment-handles:<groupId>`) so that the settle-up view
 * offers links and QR codes offline too.
 *
 * @module
 */
import { db } from "../db.ts";
import { request } from "../api/client.ts";
import type { PaymentHandle, PaymentHandlesList } from "../types.ts";

const key = (groupId: string) => `payment-handles:${groupId}`;

/** memberId → handles, from the server; kept on this device. */
export async function refreshPaymentHandles(
  groupId: string,
  minPosition?: number,
): Promise<Map<string, PaymentHandle[]>> {
  const { data } = await request<PaymentHandlesList>(`/v1/groups/${groupId}/payment-handles`, { minPosition });
  await db.kv.put({ key: key(groupId), value: data.items });
  return new Map(data.items.map((i) => [i.memberId, i.handles]));
}

/** The handles last read for the group on this device. */
export async function cachedPaymentHandles(groupId: string): Promise<Map<string, PaymentHandle[]>> {
  const items = ((await db.kv.get(key(groupId)))?.value as PaymentHandlesList["items"] | undefined) ?? [];
  return new Map(items.map((i) => [i.memberId, i.handles]));
}

/** Sets a member's handles (online only: `PUT …/payment-handles`); answers the write's position. */
export async function savePaymentHandles(
  groupId: string,
  memberId: string,
  handles: PaymentHandle[],
): Promise<number> {
  const { data } = await request<{ position: number }>(
    `/v1/groups/${groupId}/members/${memberId}/payment-handles`,
    { method: "PUT", body: { handles } },
  );
  return data.position;
}
