/**
 * The all-in-one's services, each built by its service's own `compose(config, shared)` as its
 * `main.ts` builds it (ADR 0048), on the parts the process shares; in one process they wake one
 * another directly instead of at their next idle tick.
 *
 * @module
 */
import { composeCommandApi } from "@kopek/command-api";
import type { EventStore } from "@kopek/eventstore";
import { composeProjector } from "@kopek/projector";
import { composeQueryApi } from "@kopek/query-api";
import { composeImports } from "@kopek/imports";
import { composeRates, createCachedFxResolver } from "@kopek/rates";
import { composeScheduler } from "@kopek/scheduler";
import { composeNotifier } from "@kopek/notifier";
import {
  connect,
  registerPool,
  type SharedParts,
  type StorageWatcher,
  type TokenIssuer,
} from "@kopek/platform";
import type { AllInOneConfig } from "./config.ts";
import { startEmbeddedBot } from "./embedded_bot.ts";

/** What the services are built from. */
export interface ServiceWiring {
  readonly config: AllInOneConfig;
  /** The configuration with the kept secrets in place of unset variables. */
  readonly parts: AllInOneConfig & {
    readonly KOPEK_JWT_SECRET: string;
    readonly KOPEK_BOT_API_KEY: string;
    readonly KOPEK_VAPID_PUBLIC_KEY: string;
    readonly KOPEK_VAPID_PRIVATE_KEY: string;
  };
  /** What every part shares: one pool, one logger, one registry, one bus, one event store. */
  readonly shared: SharedParts & { readonly store: EventStore };
  readonly tokens: TokenIssuer;
  readonly storage: StorageWatcher;
  readonly vapid: { readonly publicKey: string; readonly privateKey: string };
  readonly botApiKey: string;
}

/** Builds every service of the all-in-one process (none is started yet), with what they share. */
export function composeServices(wiring: ServiceWiring) {
  const { config, parts, shared } = wiring;
  const { sql, bus, logger: log, metrics } = shared;
  const commandApi = composeCommandApi(parts, {
    ...shared,
    tokens: wiring.tokens,
    storage: wiring.storage,
    // One process: wake the projector at once instead of at its next idle tick.
    onAppended: () => projector.nudge(),
    // One process: a queued import wakes the import worker at once.
    onImportQueued: () => imports.nudge(),
    // One process: a queued mail wakes the scheduler, which sends it (ADR 0060).
    onMailQueued: () => scheduler?.nudge(),
  });
  const embeddedBot = config.KOPEK_TELEGRAM_TOKEN
    ? startEmbeddedBot(config, wiring.botApiKey, log, metrics)
    : undefined;
  const rates = config.KOPEK_RATES_FETCH === "on" ? composeRates(config, shared) : null;
  // Reports read the reporting connection (a streaming replica of the main database) when set.
  const reportingSql = config.KOPEK_REPORTING_DATABASE_URL
    ? connect(config.KOPEK_REPORTING_DATABASE_URL, {
      max: 5,
      applicationName: "kopek-all-in-one-reporting",
    })
    : sql;
  if (reportingSql !== sql) registerPool(metrics, reportingSql, "reporting");
  const queryApi = composeQueryApi(parts, { ...shared, tokens: wiring.tokens, reportingSql });
  const projector = composeProjector({}, shared);
  // Imports run here, off the request path, one at a time (ADR 0018).
  const imports = composeImports({}, { ...shared, onAppended: () => projector.nudge() });
  // Recurring expenses' occurrences, recorded through the group decider (ADR 0051).
  const scheduler = config.KOPEK_SCHEDULER === "on"
    ? composeScheduler(config, {
      ...shared,
      fx: createCachedFxResolver(sql, bus),
      onAppended: () => projector.nudge(),
    })
    : null;
  // Web push (ADR 0057): follows the log behind the projector, sends with retries.
  const notifier = composeNotifier(parts, {
    ...shared,
    vapid: { ...wiring.vapid, subject: config.KOPEK_VAPID_SUBJECT },
  });
  return {
    wiring,
    commandApi,
    embeddedBot,
    rates,
    reportingSql,
    queryApi,
    projector,
    imports,
    scheduler,
    notifier,
  };
}

/** The all-in-one's services. */
export type Services = ReturnType<typeof composeServices>;

/** Starts the background workers: the projector, rates, imports, the scheduler and the notifier. */
export function startWorkers(services: Services): void {
  services.projector.start();
  services.rates?.start();
  services.imports.start();
  services.scheduler?.start();
  services.notifier.start();
}
