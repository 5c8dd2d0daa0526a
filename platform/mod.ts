/**
 * Plumbing shared by Kopek's services: configuration, logging, PostgreSQL
 * connections, problem+json errors, middleware, authentication, and the
 * cache and pub/sub bus (Valkey or in-process).
 *
 * @module
 */
export * from "./config.ts";
export * from "./logger.ts";
export * from "./db.ts";
export * from "./db_unavailable.ts";
export * from "./digest.ts";
export * from "./worker_loop.ts";
export * from "./sealing.ts";
export * from "./http/problem.ts";
export * from "./http/errors.ts";
export * from "./http/deadline.ts";
export * from "./http/middleware.ts";
export * from "./http/guest_gate.ts";
export * from "./auth/jwt.ts";
export * from "./auth/guest.ts";
export * from "./auth/password.ts";
export * from "./auth/codes.ts";
export * from "./auth/refresh_token.ts";
export * from "./auth/sessions_ended.ts";
export * from "./http/health.ts";
export * from "./service.ts";
export * from "./http/server.ts";
export * from "./cache/mod.ts";
export * from "./http/client_address.ts";
export * from "./http/rate_limit.ts";
export * from "./http/read_bounded.ts";
export * from "./http/hardening.ts";
export * from "./storage_watcher.ts";
export * from "./http/storage_guard.ts";
export * from "./fatal.ts";
export * from "./storage_readiness.ts";
export * from "./metrics/mod.ts";
export {
  activeTraceId,
  activeTraceparent,
  inSpan,
  type InSpanOptions,
  linksTo,
  parseTraceparent,
  SpanKind,
  tracingEnabled,
} from "./tracing.ts";
export * from "./schema/migrate.ts";
export * from "./schema/roles.ts";
export * from "./schema/prepare.ts";
export * from "./schema/registry.ts";
export * from "./service_process.ts";
