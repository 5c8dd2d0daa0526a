/**
 * The import worker wired from its configuration and the parts its process
 * shares (ADR 0048): used by `imports/main.ts` (`serve:imports`) and by
 * `kopek start` (the all-in-one).
 *
 * @module
 */
import { z } from "zod";
import { type EventStore, eventStoreSchema } from "@kopek/eventstore";
import { importsSchema } from "./store.ts";
import {
  ConfigFields,
  createGroupNotices,
  type SchemaPart,
  ServerConfigFields,
  type SharedParts,
  sqlstateOf,
} from "@kopek/platform";
import { createImportWorker, type ImportWorker } from "./worker.ts";
import { createFxResolver } from "@kopek/rates";
import type { SheetRates } from "./csv_engine.ts";

/**
 * The rates store as a spreadsheet import reads it: a process whose
 * database has no rates tables (an imports service on its own database)
 * knows no rate, and a row that needs one is refused with
 * `csv.rate_missing` (give `rate.<CUR>`).
 */
function storeRates(sql: SharedParts["sql"]): SheetRates {
  const resolver = createFxResolver(sql);
  return {
    async rate(from, to, date) {
      try {
        return await resolver.rate(from, to, date);
      } catch (e) {
        if (sqlstateOf(e) === "42P01") return null;
        throw e;
      }
    },
  };
}

/** The variables the import worker reads. */
export const ImportsConfig = z.object({
  /** Its `/healthz`, `/readyz` and `/metrics` (ADR 0036). */
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  ...ServerConfigFields,
});

/** The parts of the database its own process applies (or checks) at start, in migration order. */
export const IMPORTS_PROCESS_SCHEMA: readonly SchemaPart[] = Object.freeze([
  eventStoreSchema,
  importsSchema,
]);

/** The variables {@linkcode compose} reads: none yet (its bounds are `IMPORT_POLICY`). */
export type ImportsComposeConfig = Partial<z.infer<typeof ImportsConfig>>;

/** What the import worker takes from its process. */
export interface ImportsShared extends SharedParts {
  readonly store: EventStore;
  /** After each batch that appended events (the all-in-one wakes its projector). */
  readonly onAppended?: () => void;
}

/** The import worker (not started), wired once for both ways to run it. */
export function compose(_config: ImportsComposeConfig, shared: ImportsShared): ImportWorker {
  return createImportWorker({
    sql: shared.sql,
    store: shared.store,
    logger: shared.logger,
    metrics: shared.metrics,
    onAppended: shared.onAppended,
    // The command processes that hold an imported group folded read its new events first (ADR 0075).
    onGroupAppended: createGroupNotices(shared.bus, {
      onProblem: (err) => shared.logger.warn({ err }, "could not announce group appends"),
    }).announce,
    rates: storeRates(shared.sql),
  });
}
