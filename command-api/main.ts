/**
 * The command API as its own service (distributed mode):
 * `deno run -A command-api/main.ts`. At start it applies the event store's
 * and the rates' migrations when its role owns the schema (safe when several
 * replicas start at once), else checks that `kopek migrate` applied them and
 * refuses to start otherwise (ADR 0022). Imports are queued here and run by
 * `serve:imports`.
 *
 * @module
 */
import { Hono } from "hono";
import { z } from "zod";
import { v7 as uuidv7 } from "uuid";
import { createPostgresEventStore, eventStoreSchema, prepareSchemaOrExit } from "@kopek/eventstore";
import {
  busReadinessCheck,
  ConfigFields,
  connect,
  createCodeMinter,
  createLogger,
  createRateLimiter,
  createTokenIssuer,
  databaseCheck,
  hardening,
  healthRoutes,
  loadConfigOrExit,
  openBus,
  publishSessionsEnded,
  ServerConfigFields,
  serverSettings,
  serveUntilSignal,
} from "@kopek/platform";
import { createImportQueue, IMPORTS_QUEUED_CHANNEL, importsSchema } from "@kopek/imports";
import { createCachedFxResolver, ratesSchema } from "@kopek/rates";
import { createCommandApi } from "./app.ts";

/** The variables the command API reads. */
export const CommandApiConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_JWT_SECRET: ConfigFields.KOPEK_JWT_SECRET,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_PUBLIC_ORIGIN: ConfigFields.KOPEK_PUBLIC_ORIGIN,
  KOPEK_TRUST_PROXY: ConfigFields.KOPEK_TRUST_PROXY,
  KOPEK_RATE_LIMITS: ConfigFields.KOPEK_RATE_LIMITS,
  KOPEK_BOT_API_KEY: ConfigFields.KOPEK_BOT_API_KEY,
  ...ServerConfigFields,
});

if (import.meta.main) {
  const config = loadConfigOrExit(CommandApiConfig);
  const logger = createLogger({ level: config.KOPEK_LOG_LEVEL, name: "kopek-command-api" });
  const sql = connect(config.KOPEK_DATABASE_URL, { max: 20, applicationName: "kopek-command-api" });
  await prepareSchemaOrExit(sql, [eventStoreSchema, ratesSchema, importsSchema], logger);
  // The cache of rate lookups (shared, invalidated by the rates worker) and the announcements of
  // ended sessions: Valkey when configured.
  const bus = await openBus(config.KOPEK_VALKEY_URL, logger);
  const app = new Hono();
  app.use("*", hardening({ publicOrigin: config.KOPEK_PUBLIC_ORIGIN }));
  healthRoutes({
    checks: [
      databaseCheck(sql),
      busReadinessCheck(bus),
    ],
  })(app);
  const api = createCommandApi({
    store: createPostgresEventStore(sql),
    tokens: createTokenIssuer({ secret: config.KOPEK_JWT_SECRET }),
    logger,
    now: () => new Date(),
    newId: uuidv7,
    fx: createCachedFxResolver(sql, bus),
    codes: createCodeMinter(config.KOPEK_JWT_SECRET),
    // Counted in Valkey when configured, so that every replica shares one limit.
    rateLimiter: config.KOPEK_RATE_LIMITS === "on"
      ? createRateLimiter({ counter: bus, logger })
      : null,
    trustProxy: config.KOPEK_TRUST_PROXY === "on",
    botApiKey: config.KOPEK_BOT_API_KEY,
    // Query-api instances end the live streams of ended sessions at once (ADR 0021).
    onSessionsEnded: publishSessionsEnded(bus, logger),
    // Queued imports wake the import workers (serve:imports) through the bus; they also poll.
    imports: createImportQueue({
      sql,
      onQueued: (id) => bus.publish(IMPORTS_QUEUED_CHANNEL, id),
    }),
  });
  app.all("/v1/*", (c) => api.fetch(c.req.raw, c.env));
  await serveUntilSignal({
    fetch: app.fetch,
    port: config.KOPEK_PORT,
    logger,
    settings: serverSettings(config),
    onShutdown: async () => {
      await bus.close();
      // Nothing is in flight any more: the pool closes at once (bounded, within the margin).
      await sql.end({ timeout: 1 });
    },
  });
}
