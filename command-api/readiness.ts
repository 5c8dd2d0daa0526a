/**
 * What the command API's `/readyz` checks: the database takes writes and
 * holds every migration the command API needs (the event store, the rates,
 * the import queue, the blob store's tables); Valkey is reported (non-critical: without it the rate
 * limits and caches fall back). The read models are not its concern: writes
 * never wait on the projector.
 *
 * @module
 */
import { eventStoreSchema, schemaReadinessCheck } from "@kopek/eventstore";
import { importsSchema } from "@kopek/imports";
import { blobsSchema } from "@kopek/platform/blobs";
import { notifierSchema } from "@kopek/notifier";
import { mailSchema } from "@kopek/mail";
import {
  busReadinessCheck,
  databaseWritableCheck,
  type KeyValueBus,
  type ReadinessCheck,
  type Sql,
} from "@kopek/platform";
import { ratesSchema } from "@kopek/rates";

/** The schema parts the command API writes to. */
export const COMMAND_API_SCHEMA = Object.freeze([
  eventStoreSchema,
  ratesSchema,
  importsSchema,
  blobsSchema,
  notifierSchema,
  mailSchema,
]);

/** The command API's readiness checks. */
export function commandApiReadiness(
  deps: { sql: Sql; bus: Pick<KeyValueBus, "health"> },
): ReadinessCheck[] {
  return [
    databaseWritableCheck(deps.sql),
    schemaReadinessCheck(deps.sql, COMMAND_API_SCHEMA),
    busReadinessCheck(deps.bus),
  ];
}
