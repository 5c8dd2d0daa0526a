/**
 * The notifier wired from its configuration and the parts its process
 * shares (ADR 0048, 0057): used by `notifier/main.ts` (`serve:notifier`) and
 * by `kopek start` (the all-in-one).
 *
 * @module
 */
import { z } from "zod";
import type { EventStore } from "@kopek/eventstore";
import { eventStoreSchema } from "@kopek/eventstore";
import { projectorSchema } from "@kopek/projector";
import {
  ConfigFields,
  type SchemaPart,
  ServerConfigFields,
  type SharedParts,
} from "@kopek/platform";
import { follow } from "./follow.ts";
import { notifierMetrics } from "./metrics.ts";
import { sendDue, type Vapid } from "./send.ts";
import { notifierSchema } from "./store.ts";
import { createNotifierWorker, type NotifierWorker } from "./worker.ts";
import type { Resolver } from "./endpoint_guard.ts";

/** The variables the notifier reads. */
export const NotifierConfig = z.object({
  /** Its `/healthz`, `/readyz` and `/metrics` (ADR 0036). */
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_VAPID_PUBLIC_KEY: ConfigFields.KOPEK_VAPID_PUBLIC_KEY,
  KOPEK_VAPID_PRIVATE_KEY: ConfigFields.KOPEK_VAPID_PRIVATE_KEY,
  KOPEK_VAPID_SUBJECT: ConfigFields.KOPEK_VAPID_SUBJECT,
  KOPEK_PUSH_ALLOW_PRIVATE: ConfigFields.KOPEK_PUSH_ALLOW_PRIVATE,
  ...ServerConfigFields,
});

/** The parts of the database its own process checks at start. */
export const NOTIFIER_PROCESS_SCHEMA: readonly SchemaPart[] = Object.freeze([
  eventStoreSchema,
  projectorSchema,
  notifierSchema,
]);

/** The variables {@linkcode compose} reads. */
export type NotifierComposeConfig = Partial<z.infer<typeof NotifierConfig>>;

/** What the notifier takes from its process. */
export interface NotifierShared extends SharedParts {
  readonly store: EventStore;
  readonly vapid: Vapid;
  /** The clock (default: the system's). */
  readonly clock?: () => Date;
  /** The DNS resolver of the address checks (default: the system's). */
  readonly resolve?: Resolver;
  /** Between passes when idle (ms; default 2 s). */
  readonly intervalMs?: number;
}

const BATCH = 20;

/** The notifier (not started), wired once for both ways to run it. */
export function compose(config: NotifierComposeConfig, shared: NotifierShared): NotifierWorker {
  const now = shared.clock ?? (() => new Date());
  const allowPrivate = config.KOPEK_PUSH_ALLOW_PRIVATE === "1";
  return createNotifierWorker({
    follow: () => follow({ sql: shared.sql, store: shared.store, now }),
    send: () =>
      sendDue({
        sql: shared.sql,
        vapid: shared.vapid,
        logger: shared.logger,
        allowPrivate,
        resolve: shared.resolve,
        batch: BATCH,
      }),
  }, {
    logger: shared.logger,
    intervalMs: shared.intervalMs ?? 2_000,
    busy: BATCH,
    count: notifierMetrics(shared.metrics),
  });
}
