/**
 * The projector wired from its configuration and the parts its process
 * shares (ADR 0048): used by `projector/main.ts` (a process of its own) and
 * by `kopek start` (the all-in-one). Each committed batch is announced on the
 * bus (query APIs wake waiting reads and live streams on it).
 *
 * @module
 */
import { z } from "zod";
import { type EventStore, eventStoreSchema } from "@kopek/eventstore";
import { projectorSchema } from "./migrate.ts";
import {
  ConfigFields,
  type SchemaPart,
  ServerConfigFields,
  type SharedParts,
} from "@kopek/platform";
import { createProjector, type Projector } from "./projector.ts";
import { publishAdvanced } from "./advanced.ts";

/** The variables the projector reads. */
export const ProjectorConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  ...ServerConfigFields,
  KOPEK_PROJECTOR_BATCH_SIZE: z.coerce.number({ error: "must be a positive integer" }).int()
    .min(1, { error: "must be a positive integer" }).max(50_000).default(2000),
});

/** The parts of the database its own process applies (or checks) at start, in migration order. */
export const PROJECTOR_PROCESS_SCHEMA: readonly SchemaPart[] = Object.freeze([
  eventStoreSchema,
  projectorSchema,
]);

/** The variables {@linkcode compose} reads (the all-in-one keeps the default batch size). */
export type ProjectorComposeConfig = Partial<
  Pick<z.infer<typeof ProjectorConfig>, "KOPEK_PROJECTOR_BATCH_SIZE">
>;

/** What the projector takes from its process. */
export interface ProjectorShared extends SharedParts {
  readonly store: EventStore;
}

/** The projector (not started), wired once for both ways to run it. */
export function compose(config: ProjectorComposeConfig, shared: ProjectorShared): Projector {
  return createProjector({
    sql: shared.sql,
    store: shared.store,
    logger: shared.logger,
    metrics: shared.metrics,
    batchSize: config.KOPEK_PROJECTOR_BATCH_SIZE,
    onAdvanced: publishAdvanced(shared.bus, shared.logger),
  });
}
