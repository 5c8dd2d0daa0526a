/**
 * The header's status line, from the connection and the outbox (ADR 0040):
 * it says "all changes saved" only when nothing waits and nothing was refused.
 *
 * @module
 */

/** What the status line is computed from. */
export interface StatusInput {
  /** The browser and the last send say the server can be reached. */
  online: boolean;
  /** A send is running. */
  syncing: boolean;
  /** Outbox items waiting to be sent. */
  pending: number;
  /** Outbox items the server refused (until fixed or discarded). */
  rejected: number;
}

/** The state (`data-state`, the dot's colour) and the words. */
export interface StatusLine {
  state: "offline" | "syncing" | "online";
  text: string;
}

const changes = (n: number) => `${n} change${n === 1 ? "" : "s"}`;

/** The status line for a connection and an outbox. */
export function statusLine({ online, syncing, pending, rejected }: StatusInput): StatusLine {
  const refused = rejected > 0 ? `${changes(rejected)} refused: see Outbox` : "";
  if (!online) {
    const parts = [pending > 0 ? `${changes(pending)} waiting` : "", refused].filter(Boolean);
    return { state: "offline", text: parts.length ? `Offline: ${parts.join(", ")}` : "Offline" };
  }
  if (syncing && pending > 0) {
    return { state: "syncing", text: [`Syncing ${changes(pending)}…`, refused].filter(Boolean).join(" · ") };
  }
  const parts = [pending > 0 ? `${changes(pending)} waiting` : "", refused].filter(Boolean);
  return { state: "online", text: parts.length ? parts.join(", ") : "Online, all changes saved" };
}
