/**
 * The scheduler of recurring expenses (ADR 0051): each tick it looks at the
 * recurrences that may be due and sends `recurrence.occur` for each due
 * occurrence through the command runner (the same path as HTTP commands) as
 * the scheduler's actor, keyed by the occurrence's expense id. It takes no
 * lock: the group decider accepts only the next occurrence, once due, the
 * stream's optimistic concurrency lets one of two racing workers append, and
 * the key answers the other's repeat. Several schedulers may run.
 *
 * Catch-up is bounded: at most `perRecurrence` occurrences of one recurrence
 * and `perTick` in all per tick, starting each tick one recurrence further on,
 * so that a recurrence far behind never starves the others.
 *
 * @module
 */
import {
  DomainError,
  dueInstant,
  type GroupState,
  nextOccurrence,
  occurrenceExpenseId,
  SCHEDULER_ACTOR_ID,
} from "@kopek/domain";
import { ProblemError } from "@kopek/platform";
import type { DueSource } from "./due_source.ts";

/** How the scheduler sends a command: command-api's `CommandRunner`. */
export interface OccurRunner {
  run(
    request: {
      type: "recurrence.occur";
      groupId: string;
      targetId: string;
      body: { date: string };
      commandId: string;
    },
    actor: { userId: string; via: string | null },
    requestId: string | null,
  ): Promise<{ created: boolean; replayed?: boolean; body: Record<string, unknown> }>;
}

/** What a scheduler needs. */
export interface SchedulerOptions {
  readonly runner: OccurRunner;
  /** A group's current state. */
  readonly group: (groupId: string) => Promise<GroupState>;
  readonly source: DueSource;
  /** The clock (injectable: tests jump it). */
  readonly clock: () => Date;
  /** Occurrences of one recurrence per tick (default 10). */
  readonly perRecurrence?: number;
  /** Occurrences in all per tick (default 200). */
  readonly perTick?: number;
}

/** What one tick did. */
export interface TickResult {
  /** Occurrences this worker recorded. */
  readonly recorded: number;
  /** Occurrences another worker (or an earlier run) had recorded first. */
  readonly repeated: number;
  /** Recurrences paused because the ledger refused their occurrence. */
  readonly paused: number;
}

/** A scheduler. */
export interface Scheduler {
  tick(): Promise<TickResult>;
}

function lostRace(e: unknown): boolean {
  if (e instanceof DomainError) return e.kind === "conflict" || e.kind === "not_found";
  if (e instanceof ProblemError) return e.problem.status === 409 || e.problem.status === 404;
  return false;
}

/** Creates a scheduler; see the module. */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const perRecurrence = options.perRecurrence ?? 10;
  const perTick = options.perTick ?? 200;
  let offset = 0;
  return {
    async tick() {
      const all = await options.source.candidates();
      const start = all.length === 0 ? 0 : offset % all.length;
      offset = start + 1;
      const order = [...all.slice(start), ...all.slice(0, start)];
      let budget = perTick;
      let recorded = 0, repeated = 0, paused = 0;
      for (const { groupId, recurrenceId } of order) {
        for (let i = 0; i < perRecurrence && budget > 0; i++) {
          const state = await options.group(groupId);
          const r = state.recurrences.get(recurrenceId);
          if (!r || r.status !== "active") break;
          const date = nextOccurrence(r);
          if (date === null || dueInstant(date, state.timeZone) > options.clock().getTime()) break;
          budget--;
          try {
            const done = await options.runner.run(
              {
                type: "recurrence.occur",
                groupId,
                targetId: recurrenceId,
                body: { date },
                commandId: occurrenceExpenseId(recurrenceId, date),
              },
              { userId: SCHEDULER_ACTOR_ID, via: "scheduler" },
              null,
            );
            if (done.replayed) repeated++;
            else if (done.created) recorded++;
            else {
              paused++;
              break;
            }
          } catch (e) {
            if (!lostRace(e)) throw e;
            repeated++;
            break;
          }
        }
        if (budget <= 0) break;
      }
      return { recorded, repeated, paused };
    },
  };
}
