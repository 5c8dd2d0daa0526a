/**
 * An activity item as the page shows it: the server's sentence with its money
 * written for the reader's language and currency ("2000 JPY" → "¥2,000",
 * "90.00 EUR → 96.00 EUR" → "€90.00 → €96.00") and what it is about (the
 * expense, the member) as a link. Items from an older server, without the
 * fields, show their sentence as it is.
 *
 * @module
 */
import { formatMoney } from "./format.ts";
import type { ActivityItem, Money } from "./types.ts";

/** A piece of the sentence: text, a link when `href` is set. */
export interface Segment {
  readonly text: string;
  readonly href?: string;
}

function isMoney(v: unknown): v is Money {
  return typeof v === "object" && v !== null && typeof (v as Money).amount === "string" &&
    typeof (v as Money).currency === "string";
}

/** The Money values an item names: its amount and the old and new totals of an amendment. */
function moneyOf(item: ActivityItem): Money[] {
  const out: Money[] = [];
  if (isMoney(item.amount)) out.push(item.amount);
  if (Array.isArray(item.changes)) {
    for (const c of item.changes as { from?: unknown; to?: unknown }[]) {
      if (isMoney(c.from)) out.push(c.from);
      if (isMoney(c.to)) out.push(c.to);
    }
  }
  return out;
}

/** Where the thing an item is about is shown, if anywhere. */
export function activityHref(item: ActivityItem, groupId: string): string | undefined {
  const id = typeof item.entityId === "string" ? item.entityId : null;
  if (!id) return undefined;
  if (item.entityType === "expense") return `/groups/${groupId}/expenses/${id}`;
  if (item.entityType === "member") return `/groups/${groupId}/members#member-${id}`;
  if (item.entityType === "settlement") return `/groups/${groupId}/payments/${id}`;
  return undefined;
}

/** The sentence of `item` in pieces, money formatted, its subject linked. */
export function activitySegments(item: ActivityItem, groupId: string): Segment[] {
  let text = item.text;
  for (const m of moneyOf(item)) text = text.replaceAll(`${m.amount} ${m.currency}`, formatMoney(m));
  const href = activityHref(item, groupId);
  const subject = typeof item.subject === "string" && item.subject !== "" ? item.subject : null;
  if (!href) return [{ text }];
  // A payment has no words of its own to link: the whole sentence links it.
  if (!subject) return [{ text, href }];
  const needle = item.entityType === "expense" ? `“${subject}”` : subject;
  const actor = typeof item.actor === "object" && item.actor ? item.actor.name ?? "" : "";
  // Past the actor's name when the sentence starts with it ("Bob added Bob as member").
  let at = actor && text.startsWith(`${actor} `) ? text.indexOf(needle, actor.length) : -1;
  if (at < 0) at = text.indexOf(needle);
  if (at < 0) return [{ text, href }];
  return [
    { text: text.slice(0, at) },
    { text: needle, href },
    { text: text.slice(at + needle.length) },
  ].filter((s) => s.text !== "");
}
