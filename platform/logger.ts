/**
 * JSON logs on stdout through pino. Secrets are redacted by path.
 *
 * @module
 */
import pino from "pino";

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

/** Creates the root logger of a process. */
export function createLogger(
  options: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino({
    level: options.level ?? "info",
    name: options.name ?? "kopek",
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    formatters: { level: (label) => ({ level: label }) },
  }, options.destination);
}
