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
