/**
 * The all-in-one process's configuration (one zod schema, fixed names).
 *
 * @module
 */
import { z } from "zod";
import { ConfigFields } from "@kopek/platform";

/** Variables `kopek start` reads. */
export const AllInOneConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATA_DIR: ConfigFields.KOPEK_DATA_DIR,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL.optional(),
  KOPEK_REPORTING_DATABASE_URL: ConfigFields.KOPEK_REPORTING_DATABASE_URL,
  KOPEK_JWT_SECRET: ConfigFields.KOPEK_JWT_SECRET.optional(),
  KOPEK_PUBLIC_ORIGIN: ConfigFields.KOPEK_PUBLIC_ORIGIN,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_RATES_FETCH: ConfigFields.KOPEK_RATES_FETCH,
  KOPEK_RATES_INTERVAL_MINUTES: ConfigFields.KOPEK_RATES_INTERVAL_MINUTES,
  KOPEK_TRUST_PROXY: ConfigFields.KOPEK_TRUST_PROXY,
  KOPEK_RATE_LIMITS: ConfigFields.KOPEK_RATE_LIMITS,
  KOPEK_BOT_API_KEY: ConfigFields.KOPEK_BOT_API_KEY,
  /** The PWA's static build, served at `/` (default: web/build beside the sources). */
  KOPEK_WEB_DIR: z.string().min(1).default(new URL("../web/build", import.meta.url).pathname),
  KOPEK_HOSTNAME: z.string().min(1).default("0.0.0.0"),
});
/** Parsed all-in-one configuration. */
export type AllInOneConfig = z.infer<typeof AllInOneConfig>;

/** Variables the maintenance commands (migrate, rebuild) read. */
export const MaintenanceConfig = z.object({
  KOPEK_DATA_DIR: ConfigFields.KOPEK_DATA_DIR,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL.optional(),
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
});
