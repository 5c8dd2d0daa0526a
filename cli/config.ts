/**
 * The all-in-one process's configuration (one zod schema, fixed names).
 *
 * @module
 */
import { z } from "zod";
import {
  AttachmentsConfigFields,
  ConfigFields,
  databaseUrlRole,
  LiveConfigFields,
  ReadConfigFields,
  ServerConfigFields,
} from "@kopek/platform";

/** Variables `kopek start` reads. */
export const AllInOneConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_SCHEDULER: ConfigFields.KOPEK_SCHEDULER,
  KOPEK_HTTP_WORKERS: ConfigFields.KOPEK_HTTP_WORKERS,
  KOPEK_SCHEDULER_INTERVAL_MS: ConfigFields.KOPEK_SCHEDULER_INTERVAL_MS,
  KOPEK_DATA_DIR: ConfigFields.KOPEK_DATA_DIR,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL.optional(),
  KOPEK_REPORTING_DATABASE_URL: ConfigFields.KOPEK_REPORTING_DATABASE_URL,
  KOPEK_JWT_SECRET: ConfigFields.KOPEK_JWT_SECRET.optional(),
  KOPEK_PUBLIC_ORIGIN: ConfigFields.KOPEK_PUBLIC_ORIGIN,
  KOPEK_SMTP_URL: ConfigFields.KOPEK_SMTP_URL,
  KOPEK_MAIL_FROM: ConfigFields.KOPEK_MAIL_FROM,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_RATES_FETCH: ConfigFields.KOPEK_RATES_FETCH,
  KOPEK_RATES_INTERVAL_MINUTES: ConfigFields.KOPEK_RATES_INTERVAL_MINUTES,
  KOPEK_RATES_DAILY_URL: ConfigFields.KOPEK_RATES_DAILY_URL,
  KOPEK_RATES_HISTORY_URL: ConfigFields.KOPEK_RATES_HISTORY_URL,
  KOPEK_TRUST_PROXY: ConfigFields.KOPEK_TRUST_PROXY,
  KOPEK_RATE_LIMITS: ConfigFields.KOPEK_RATE_LIMITS,
  KOPEK_BOT_API_KEY: ConfigFields.KOPEK_BOT_API_KEY,
  /** Runs the Telegram bot inside the process (talking to this process's own API). */
  KOPEK_TELEGRAM_TOKEN: z.string().regex(/^\d+:[\w-]+$/, {
    error: "must look like 123456:ABC-DEF…",
  }).optional(),
  /** The Telegram Bot API root: Telegram's, or a local Bot API server. */
  KOPEK_TELEGRAM_API_ROOT: z.url({ error: "must be a URL" }).default("https://api.telegram.org"),
  /** With the token: a webhook at this URL's path (mounted on this server) instead of polling. */
  KOPEK_TELEGRAM_WEBHOOK_URL: z.url({ error: "must be a URL" }).optional(),
  /** The webhook's secret token; when unset, a random one is generated at each start and registered. */
  KOPEK_TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, {
    error: "must be 16 to 256 characters of A-Z, a-z, 0-9, _ and -",
  }).optional(),
  /** The PWA's static build, served at `/` (default: web/build beside the sources). */
  KOPEK_WEB_DIR: z.string().min(1).default(new URL("../web/build", import.meta.url).pathname),
  KOPEK_MIN_FREE_BYTES: ConfigFields.KOPEK_MIN_FREE_BYTES,
  /** Watched besides the embedded server's folders (with KOPEK_DATABASE_URL: the only ones). */
  KOPEK_STORAGE_PATHS: ConfigFields.KOPEK_STORAGE_PATHS,
  /** Web push (ADR 0057): unset keys are generated once and kept in the data folder. */
  KOPEK_VAPID_PUBLIC_KEY: ConfigFields.KOPEK_VAPID_PUBLIC_KEY,
  KOPEK_VAPID_PRIVATE_KEY: ConfigFields.KOPEK_VAPID_PRIVATE_KEY,
  KOPEK_VAPID_SUBJECT: ConfigFields.KOPEK_VAPID_SUBJECT,
  KOPEK_PUSH_ALLOW_PRIVATE: ConfigFields.KOPEK_PUSH_ALLOW_PRIVATE,
  ...ServerConfigFields,
  ...LiveConfigFields,
  ...ReadConfigFields,
  ...AttachmentsConfigFields,
  /** The embedded bot's language-model fallback (ADR 0068; off when unset). */
  KOPEK_BOT_LLM_URL: ConfigFields.KOPEK_BOT_LLM_URL,
  KOPEK_BOT_LLM_MODEL: ConfigFields.KOPEK_BOT_LLM_MODEL,
  KOPEK_BOT_LLM_KEY: ConfigFields.KOPEK_BOT_LLM_KEY,
  KOPEK_BOT_LLM_TIMEOUT_MS: ConfigFields.KOPEK_BOT_LLM_TIMEOUT_MS,
  KOPEK_BOT_LLM_USER_HOURLY: ConfigFields.KOPEK_BOT_LLM_USER_HOURLY,
  KOPEK_BOT_LLM_DAILY: ConfigFields.KOPEK_BOT_LLM_DAILY,
}).refine((c) => !c.KOPEK_BOT_LLM_URL || !!c.KOPEK_BOT_LLM_MODEL, {
  error: "KOPEK_BOT_LLM_MODEL is required with KOPEK_BOT_LLM_URL",
  path: ["KOPEK_BOT_LLM_MODEL"],
});
/** Parsed all-in-one configuration. */
export type AllInOneConfig = z.infer<typeof AllInOneConfig>;

/**
 * Variables the maintenance commands read. `migrate`, `rebuild` and `replay`
 * connect with `KOPEK_MIGRATION_DATABASE_URL` (the owner role) when it is
 * set, and `migrate` then grants the role of `KOPEK_DATABASE_URL` (the
 * services' app role) what the services need; the other commands use
 * `KOPEK_DATABASE_URL`. See ADR 0022.
 */
export const MaintenanceConfig = z.object({
  KOPEK_DATA_DIR: ConfigFields.KOPEK_DATA_DIR,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL.optional(),
  KOPEK_MIGRATION_DATABASE_URL: ConfigFields.KOPEK_MIGRATION_DATABASE_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
}).superRefine((config, ctx) => {
  // Runs after a field's own error too (zod goes on): one message per variable is enough.
  const postgres = (url: string | undefined) =>
    url !== undefined && /^postgres(ql)?:\/\//.test(url);
  if (!postgres(config.KOPEK_MIGRATION_DATABASE_URL)) return;
  // Without it, the commands that use it would fall back to the embedded server: never silently.
  if (!config.KOPEK_DATABASE_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["KOPEK_DATABASE_URL"],
      message: "is required with KOPEK_MIGRATION_DATABASE_URL (it names the services' role)",
    });
  } else if (
    postgres(config.KOPEK_DATABASE_URL) && databaseUrlRole(config.KOPEK_DATABASE_URL) === undefined
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["KOPEK_DATABASE_URL"],
      message: "must name its role (postgres://ROLE:password@host/db) with " +
        "KOPEK_MIGRATION_DATABASE_URL, which grants that role what the services need",
    });
  }
  if (databaseUrlRole(config.KOPEK_MIGRATION_DATABASE_URL!) === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["KOPEK_MIGRATION_DATABASE_URL"],
      message: "must name its role (postgres://ROLE:password@host/db)",
    });
  }
});
/** Parsed maintenance configuration. */
export type MaintenanceConfig = z.infer<typeof MaintenanceConfig>;
