/**
 * The scheduler wired from its configuration and the parts its process
 * shares (ADR 0048, 0051): used by `scheduler/main.ts` (`serve:scheduler`)
 * and by `kopek start` (the all-in-one). It reads what is due from the
 * recurrences read model and records occurrences through command-api's
 * occurrence runner.
 *
 * @module
 */
import { z } from "zod";
import { v7 as uuidv7 } from "uuid";
import { createOccurRunner, type FxResolver } from "@kopek/command-api";
import { type EventStore, eventStoreSchema } from "@kopek/eventstore";
import { dueRecurrences, projectorSchema } from "@kopek/projector";
import { ratesSchema } from "@kopek/rates";
import { foldGroup, initialGroupState, parseGroupEvent } from "@kopek/domain";
import {
  ConfigFields,
  createGroupNotices,
  type SchemaPart,
  ServerConfigFields,
  type SharedParts,
} from "@kopek/platform";
import { createScheduler } from "./scheduler.ts";
import { composeMail, withMail } from "./mail.ts";
import { type Mailer, mailSchema } from "@kopek/mail";
import type { DueSource } from "./due_source.ts";
import { schedulerMetrics } from "./metrics.ts";
import { createSchedulerWorker, type SchedulerWorker } from "./worker.ts";

/** The variables the scheduler reads. */
export const SchedulerConfig = z.object({
  /** Its `/healthz`, `/readyz` and `/metrics` (ADR 0036). */
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_SCHEDULER_INTERVAL_MS: ConfigFields.KOPEK_SCHEDULER_INTERVAL_MS,
  // Email (ADR 0060): the scheduler sends the outbox and queues the weekly summaries.
  KOPEK_SMTP_URL: ConfigFields.KOPEK_SMTP_URL,
  KOPEK_MAIL_FROM: ConfigFields.KOPEK_MAIL_FROM,
  KOPEK_PUBLIC_ORIGIN: ConfigFields.KOPEK_PUBLIC_ORIGIN,
  ...ServerConfigFields,
});

/** The parts of the database its own process checks at start. */
export const SCHEDULER_PROCESS_SCHEMA: readonly SchemaPart[] = Object.freeze([
  eventStoreSchema,
  projectorSchema,
  ratesSchema,
  mailSchema,
]);

/** The variables {@linkcode compose} reads. */
export type SchedulerComposeConfig = Partial<z.infer<typeof SchedulerConfig>>;

/** What the scheduler takes from its process. */
export interface SchedulerShared extends SharedParts {
  readonly store: EventStore;
  readonly fx?: FxResolver;
  /** After an occurrence is appended (the all-in-one wakes its projector). */
  readonly onAppended?: () => void;
  /** The clock (default: the system's). */
  readonly clock?: () => Date;
  /** The mailer (default: SMTP at `KOPEK_SMTP_URL`; none when it is unset). */
  readonly mailer?: Mailer;
}

/** How many due recurrences one tick looks at. */
const DUE_LIMIT = 200;

/** The scheduler (not started), wired once for both ways to run it. */
export function compose(config: SchedulerComposeConfig, shared: SchedulerShared): SchedulerWorker {
  const clock = shared.clock ?? (() => new Date());
  const source: DueSource = {
    candidates: () => dueRecurrences(shared.sql, clock(), DUE_LIMIT),
  };
  const scheduler = createScheduler({
    runner: createOccurRunner({
      store: shared.store,
      logger: shared.logger,
      now: clock,
      newId: uuidv7,
      fx: shared.fx,
      onAppended: shared.onAppended,
      // The command processes that hold the group folded read the occurrence first (ADR 0075).
      onGroupAppended: createGroupNotices(shared.bus, {
        onProblem: (err) => shared.logger.warn({ err }, "could not announce group appends"),
      }).announce,
    }),
    clock,
    source,
    group: async (groupId) => {
      const events = await shared.store.readStream(`group-${groupId}`);
      return foldGroup(
        initialGroupState(),
        events.map((e) => parseGroupEvent(e.type, e.schemaVersion, e.data)),
      );
    },
  });
  const mail = composeMail(config, shared, clock);
  return createSchedulerWorker(mail ? withMail(scheduler, mail, shared.logger) : scheduler, {
    logger: shared.logger,
    intervalMs: config.KOPEK_SCHEDULER_INTERVAL_MS ?? 30_000,
    count: schedulerMetrics(shared.metrics),
  });
}
