/**
 * The header's status line, from the connection and the outbox (ADR 0040):
 * it says "all changes saved" only when nothing waits and nothing was refused.
 *
 * @module
 */
import { m } from "../i18n/mod.ts";

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

/** The status line for a connection and an outbox, in the PWA's language (ADR 0058). */
export function statusLine({ online, syncing, pending, rejected }: StatusInput): StatusLine {
  const refused = rejected > 0 ? m.common_status_refused({ count: rejected }) : "";
  const waiting = pending > 0 ? m.common_status_waiting({ count: pending }) : "";
  if (!online) {
    const parts = [waiting, refused].filter(Boolean);
    return { state: "offline", text: parts.length ? m.common_status_offline_with({ parts: parts.join(", ") }) : m.common_status_offline() };
  }
  if (syncing && pending > 0) {
    return { state: "syncing", text: [m.common_status_syncing({ count: pending }), refused].filter(Boolean).join(" · ") };
  }
  const parts = [waiting, refused].filter(Boolean);
  return { state: "online", text: parts.length ? parts.join(", ") : m.common_status_saved() };
}
