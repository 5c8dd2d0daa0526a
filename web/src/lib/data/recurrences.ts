/**
 * Recurring expenses (ADR 0051), online only: the list with each one's
 * upcoming occurrences, and the writes that set one up, pause, resume, skip
 * one date and stop it. Each write answers its position, which the next read
 * waits for.
 *
 * @module
 */
import { request } from "../api/client.ts";
import type { RecurrenceList } from "../types.ts";

/** The group's recurring expenses, at least at `minPosition`. */
export async function loadRecurrences(groupId: string, minPosition = 0): Promise<RecurrenceList> {
  const { data } = await request<RecurrenceList>(`/v1/groups/${groupId}/recurrences`, { minPosition });
  return data;
}

/** What the small form sets up: paid by one member, split equally among some. */
export interface RecurrenceDraft {
  readonly description: string;
  readonly amount: string;
  readonly currency: string;
  readonly freq: "daily" | "weekly" | "monthly" | "yearly";
  readonly lastDayOfMonth: boolean;
  readonly start: string;
  readonly payer: string;
  readonly members: readonly string[];
}

async function write(path: string, method: "POST" | "PATCH" | "DELETE", body?: unknown): Promise<number> {
  const { data } = await request<{ position: number }>(path, { method, body });
  return data.position;
}

/** Sets up a recurring expense; answers the write's position. */
export function createRecurrence(groupId: string, d: RecurrenceDraft): Promise<number> {
  return write(`/v1/groups/${groupId}/recurrences`, "POST", {
    rule: { freq: d.freq, ...(d.freq === "monthly" && d.lastDayOfMonth ? { lastDayOfMonth: true } : {}) },
    start: d.start,
    template: {
      description: d.description,
      total: { amount: d.amount, currency: d.currency },
      paidBy: [{ memberId: d.payer, amount: d.amount }],
      split: { mode: "equal", shares: d.members.map((memberId) => ({ memberId })) },
    },
  });
}

/** Pauses or resumes one. */
export function setPaused(groupId: string, id: string, paused: boolean): Promise<number> {
  return write(`/v1/groups/${groupId}/recurrences/${id}`, "PATCH", { paused });
}

/** Skips one upcoming date. */
export function skipDate(groupId: string, id: string, date: string): Promise<number> {
  return write(`/v1/groups/${groupId}/recurrences/${id}/skips`, "POST", { date });
}

/** Stops one for good. */
export function stopRecurrence(groupId: string, id: string): Promise<number> {
  return write(`/v1/groups/${groupId}/recurrences/${id}`, "DELETE");
}
