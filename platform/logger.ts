/**
 * JSON logs on stdout through pino. Secrets are redacted by path.
 *
 * @module
 */
import pino from "pino";
import { activeTraceId, tracingEnabled } from "./tracing.ts";

/** The logger every component receives. */
export type Logger = pino.Logger;

/** Paths that must never reach a log line. */
export const REDACTED_PATHS = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "req.headers.authorization",
  "secret",
  "*.secret",
  "refreshToken",
  "*.refreshToken",
  "currentPassword",
  "*.currentPassword",
  "newPassword",
  "*.newPassword",
];

/**
 * This process's instance, on every line: `KOPEK_INSTANCE` when set, else
 * the host's name (a pod's, a container's), else "unknown".
 */
export function instanceName(): string {
  try {
    const set = Deno.env.get("KOPEK_INSTANCE");
    if (set) return set;
  } catch {
    // not allowed to read it: the host's name
  }
  try {
    return Deno.hostname();
  } catch {
    return "unknown";
  }
}

/** The service a logger's name stands for: `kopek-command-api` → `command-api`, else the name. */
export function serviceOf(name: string): string {
  return name.startsWith("kopek-") ? name.slice(6) : name;
}

/**
 * Creates the root logger of a process. Every line has `service` and
 * `instance`; with tracing on (ADR 0037), every line logged inside a
 * sampled span has its `traceId` too.
 */
export function createLogger(
  options: {
    level?: string;
    name?: string;
    destination?: pino.DestinationStream;
    instance?: string;
  } = {},
): Logger {
  const name = options.name ?? "kopek";
  return pino({
    level: options.level ?? "info",
    name,
    base: { service: serviceOf(name), instance: options.instance ?? instanceName() },
    ...(tracingEnabled ? { mixin: traceMixin } : {}),
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  }, options.destination);
}

function traceMixin(): { traceId?: string } {
  const traceId = activeTraceId();
  return traceId ? { traceId } : {};
}
