/**
 * Command families (ADR 0036): each command the runner executes, accepted
 * (and among them idempotent replays) or refused with the code of its
 * problem, by command type.
 *
 * @module
 */
import { Counter, type Registry } from "prom-client";
import { boundedLabel, familiesOf, toProblem } from "@kopek/platform";
import type { CommandRunner } from "./commands.ts";

function create(registry: Registry) {
  return {
    accepted: new Counter({
      name: "kopek_commands_accepted_total",
      help: "Commands accepted (decided and appended, or answered again), by command type.",
      labelNames: ["command"] as const,
      registers: [registry],
    }),
    replayed: new Counter({
      name: "kopek_commands_replayed_total",
      help: "Accepted commands that were idempotent repeats: the kept answer, nothing appended.",
      labelNames: ["command"] as const,
      registers: [registry],
    }),
    refused: new Counter({
      name: "kopek_commands_refused_total",
      help:
        "Commands refused, by command type and reason (the problem code: a domain rule, validation, version_conflict, database_unavailable; unexpected for a 500).",
      labelNames: ["command", "reason"] as const,
      registers: [registry],
    }),
    reasons: new Set<string>(),
    commands: new Set<string>(),
  };
}

/** What a process did with group append notices (ADR 0075). */
export type GroupNoticeOutcome = "marked" | "caught_up" | "dropped";

/**
 * Counts group append notices on `registry` (`kopek_group_notices_total`): `marked` (another
 * process's notice marked a cached group behind), `caught_up` (a command read the events it lacked
 * before deciding), `dropped` (a notice not sent: too many groups waited).
 */
export function groupNoticeCounter(
  registry: Registry,
): (outcome: GroupNoticeOutcome, count?: number) => void {
  const counter = familiesOf(registry, "kopek_group_notices", () => {
    const c = new Counter({
      name: "kopek_group_notices_total",
      help:
        "Group append notices between command processes (ADR 0075): marked (a cached group marked behind), caught_up (a command read what it lacked first), dropped (not sent).",
      labelNames: ["outcome"] as const,
      registers: [registry],
    });
    for (const outcome of ["marked", "caught_up", "dropped"]) c.inc({ outcome }, 0);
    return c;
  });
  return (outcome, count = 1) => counter.inc({ outcome }, count);
}

/** `runner` with its commands counted on `registry`. */
export function instrumentCommands(runner: CommandRunner, registry: Registry): CommandRunner {
  const f = familiesOf(registry, "kopek_commands", () => create(registry));
  return {
    async run(request, actor, requestId) {
      const command = boundedLabel(f.commands, request.type, 64);
      try {
        const outcome = await runner.run(request, actor, requestId);
        f.accepted.inc({ command });
        if (outcome.replayed) f.replayed.inc({ command });
        return outcome;
      } catch (err) {
        const reason = toProblem(err)?.code ?? "unexpected";
        f.refused.inc({ command, reason: boundedLabel(f.reasons, reason) });
        throw err;
      }
    },
  };
}
