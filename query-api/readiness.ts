/**
 * What the query API's `/readyz` checks: the database answers and holds
 * every migration the query API reads; the projector keeps the read models
 * current (critical: every read depends on them, so a lag past 10,000
 * events or an event waiting past 30 s, a dead or paused projector, makes
 * the replica unready: `projectorReadinessCheck`); Valkey is reported
 * (non-critical: reads poll without it).
 *
 * @module
 */
import { blobsSchema } from "@kopek/platform/blobs";
import { type EventStore, eventStoreSchema, schemaReadinessCheck } from "@kopek/eventstore";
import { importsSchema } from "@kopek/imports";
import { notifierSchema } from "@kopek/notifier";
import { mailSchema } from "@kopek/mail";
import { projectorReadinessCheck, projectorSchema } from "@kopek/projector";
import {
  busReadinessCheck,
  databaseCheck,
  type KeyValueBus,
  type ReadinessCheck,
  type Sql,
} from "@kopek/platform";
import { ratesSchema } from "@kopek/rates";

/** The schema parts the query API reads. */
export const QUERY_API_SCHEMA = Object.freeze([
  eventStoreSchema,
  projectorSchema,
  ratesSchema,
  importsSchema,
  blobsSchema,
  notifierSchema,
  mailSchema,
]);

/** The query API's readiness checks. */
export function queryApiReadiness(
  deps: { sql: Sql; store: EventStore; bus: Pick<KeyValueBus, "health"> },
): ReadinessCheck[] {
  return [
    databaseCheck(deps.sql),
    schemaReadinessCheck(deps.sql, QUERY_API_SCHEMA),
    busReadinessCheck(deps.bus),
    projectorReadinessCheck({ sql: deps.sql, store: deps.store }),
  ];
}
