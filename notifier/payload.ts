/**
 * What a push carries (ADR 0057): no more than any member of the group sees
 * in its activity feed (the group's name, who, what, how much), as JSON of at
 * most {@linkcode MAX_PAYLOAD_BYTES} bytes (push services take about 4 KB of
 * ciphertext). The service worker words it in the user's language.
 *
 * @module
 */

/** The events that are pushed, and what each is about. */
export const PUSHED_EVENTS = {
  ExpenseRecorded: "expense.recorded",
  ExpenseAmended: "expense.changed",
  SettlementRecorded: "settlement.recorded",
  SettlementAmended: "settlement.changed",
  CommentAdded: "comment.added",
} as const;

/** A pushed event's type. */
export type PushedEvent = keyof typeof PUSHED_EVENTS;

/** The largest payload, in UTF-8 bytes. */
export const MAX_PAYLOAD_BYTES = 3000;

/** The JSON a push carries. */
export interface PushPayload {
  readonly kind: (typeof PUSHED_EVENTS)[PushedEvent];
  readonly groupId: string;
  readonly groupName: string;
  /** The acting member's name in the group. */
  readonly actor: string;
  /** The expense's description, the comment's text, or null (settlements). */
  readonly text: string | null;
  /** The amount as recorded (a decimal string) and its currency; null for comments. */
  readonly amount: { readonly amount: string; readonly currency: string } | null;
  /** The PWA's page to open. */
  readonly url: string;
}

/** What the payload is built from: the event's data and names from the read models. */
export interface PayloadSource {
  readonly type: PushedEvent;
  readonly groupId: string;
  readonly data: Record<string, unknown>;
  readonly groupName: string;
  readonly actor: string;
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : chars.slice(0, max - 1).join("") + "…";
}

/** The payload of an event, bounded (long texts are shortened). */
export function pushPayload(source: PayloadSource): PushPayload {
  const d = source.data as {
    expenseId?: string;
    description?: string;
    text?: string;
    total?: { amount: string; currency: string };
    amount?: { amount: string; currency: string };
  };
  const base = `/groups/${source.groupId}`;
  const url = d.expenseId ? `${base}/expenses/${d.expenseId}` : base;
  const text = source.type === "CommentAdded" ? d.text : d.description;
  const money = d.total ?? d.amount;
  const payload: PushPayload = {
    kind: PUSHED_EVENTS[source.type],
    groupId: source.groupId,
    groupName: cut(source.groupName, 100),
    actor: cut(source.actor, 100),
    text: text === undefined ? null : cut(text, 300),
    amount: money ? { amount: money.amount, currency: money.currency } : null,
    url,
  };
  return payload;
}

/** The payload as sent: JSON, never over {@linkcode MAX_PAYLOAD_BYTES}. */
export function encodePayload(payload: PushPayload): string {
  const json = JSON.stringify(payload);
  if (new TextEncoder().encode(json).length <= MAX_PAYLOAD_BYTES) return json;
  // Only multi-byte texts can get here (300 + 2 × 100 characters): drop the text.
  return JSON.stringify({ ...payload, text: null });
}
