/**
 * The last line of a service process: an exception nothing caught or a
 * rejection nothing handled means the process is in a state nobody planned
 * for, so it is logged at `fatal` and the process exits 1 at once, for its
 * orchestrator (Docker's restart policy, systemd, Kubernetes) to start a
 * fresh one (ADR 0024). Never a silent half-alive process.
 *
 * @module
 */
import type { Logger } from "./logger.ts";

/** The exit code of a process that cannot go on. */
export const FATAL_EXIT_CODE = 1;

/** Logs `why` at fatal and exits {@linkcode FATAL_EXIT_CODE}. */
export function exitFatally(logger: Logger, err: unknown, why: string): never {
  try {
    logger.fatal({ err }, why);
    logger.flush?.();
  } finally {
    Deno.exit(FATAL_EXIT_CODE);
  }
}

/**
 * Installs the process-wide handlers: an uncaught exception or an unhandled
 * rejection anywhere is logged at fatal and the process exits 1. Call once,
 * in an entry point (never in a library or a test process).
 */
export function exitOnFatal(logger: Logger): void {
  globalThis.addEventListener("error", (event) => {
    event.preventDefault();
    exitFatally(logger, event.error, "uncaught exception: exiting");
  });
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    exitFatally(logger, event.reason, "unhandled rejection: exiting");
  });
}
