/**
 * What the service worker shows for a push (ADR 0057): the server's payload
 * (`notifier/payload.ts`: who, what, how much, in which group) worded as a
 * notification, and the page a click opens. Plain English: the service worker
 * cannot load the PWA's catalogues (their runtime needs a document); the
 * amount is in the browser's locale.
 */

/** The amount in the browser's locale (the service worker has no access to the app's choice). */
function formatMoney(m: { amount: string; currency: string }): string {
  try {
    const format = new Intl.NumberFormat(undefined, {
      style: "currency",
      currency: m.currency,
    });
    // Intl formats numeric strings exactly (ES2023); the cast is for older lib typings.
    return format.format(m.amount as unknown as number);
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

/** The JSON a push carries. */
export interface PushPayload {
  kind: string;
  groupId: string;
  groupName: string;
  actor: string;
  text: string | null;
  amount: { amount: string; currency: string } | null;
  url: string;
}

/** A notification to show: its title and options. */
export interface Shown {
  title: string;
  options: NotificationOptions & { data: { url: string } };
}

const VERBS: Record<string, string> = {
  "expense.recorded": "added",
  "expense.changed": "changed",
  "settlement.recorded": "recorded a payment",
  "settlement.changed": "changed a payment",
  "comment.added": "commented",
};

/** The notification of a payload; null when it is not one of Kopek's. */
export function notificationOf(json: unknown): Shown | null {
  if (typeof json !== "object" || json === null) return null;
  const p = json as Partial<PushPayload>;
  if (
    typeof p.kind !== "string" || typeof p.url !== "string" ||
    !p.url.startsWith("/groups/")
  ) {
    return null;
  }
  const who = p.actor || "Someone";
  const verb = VERBS[p.kind] ?? "changed something";
  const money = p.amount ? formatMoney(p.amount) : "";
  const what = p.kind.startsWith("comment")
    ? `“${p.text ?? ""}”`
    : [p.text, money].filter((s) => s).join(" · ");
  return {
    title: p.groupName || "Kopek",
    options: {
      body: what ? `${who} ${verb}: ${what}` : `${who} ${verb}`,
      tag: p.url,
      data: { url: p.url },
      icon: "/icon-192.png",
    },
  };
}
