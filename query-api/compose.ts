/**
 * The query API wired from its configuration and the parts its process
 * shares (ADR 0048): used by `query-api/main.ts` (a process of its own) and
 * by `kopek start` (the all-in-one), so that both build the same API.
 *
 * @module
 */
import { type BlobStoreConfig, blobStoreOf } from "@kopek/platform/blobs";
import { createFileTokens } from "./attachments/file_token.ts";
import { z } from "zod";
import { createPostgresSnapshotStore, type EventStore } from "@kopek/eventstore";
import {
  AttachmentsConfigFields,
  ConfigFields,
  createTokenIssuer,
  LiveConfigFields,
  ReadConfigFields,
  ServerConfigFields,
  type SharedParts,
  type Sql,
  type TokenIssuer,
} from "@kopek/platform";
import { createQueryApi, type QueryApi } from "./app.ts";

/** The variables the query API reads. */
export const QueryApiConfig = z.object({
  KOPEK_PORT: ConfigFields.KOPEK_PORT,
  KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL,
  KOPEK_REPORTING_DATABASE_URL: ConfigFields.KOPEK_REPORTING_DATABASE_URL,
  KOPEK_JWT_SECRET: ConfigFields.KOPEK_JWT_SECRET,
  KOPEK_LOG_LEVEL: ConfigFields.KOPEK_LOG_LEVEL,
  KOPEK_VALKEY_URL: ConfigFields.KOPEK_VALKEY_URL,
  KOPEK_PUBLIC_ORIGIN: ConfigFields.KOPEK_PUBLIC_ORIGIN,
  KOPEK_VAPID_PUBLIC_KEY: ConfigFields.KOPEK_VAPID_PUBLIC_KEY,
  KOPEK_SMTP_URL: ConfigFields.KOPEK_SMTP_URL,
  ...ServerConfigFields,
  ...AttachmentsConfigFields,
  ...LiveConfigFields,
  ...ReadConfigFields,
});

/** The variables {@linkcode compose} reads (the all-in-one passes its kept secret). */
export type QueryApiComposeConfig =
  & Pick<
    z.infer<typeof QueryApiConfig>,
    | "KOPEK_JWT_SECRET"
    | "KOPEK_LIVE_STREAMS_PER_USER"
    | "KOPEK_LIVE_STREAMS_MAX"
    | "KOPEK_READ_WAIT_SECONDS"
    | "KOPEK_SMTP_URL"
  >
  & Partial<BlobStoreConfig>
  & Partial<Pick<z.infer<typeof QueryApiConfig>, "KOPEK_VAPID_PUBLIC_KEY">>;

/** What the query API takes from its process. */
export interface QueryApiShared extends SharedParts {
  /** The tokens' issuer (default: one of `KOPEK_JWT_SECRET`; the all-in-one shares one). */
  readonly tokens?: TokenIssuer;
  readonly store: EventStore;
  /** Where reports are read: a streaming replica when configured, else `sql`. */
  readonly reportingSql: Sql;
}

/** The query API (its `/v1/*` routes and live streams), wired once for both ways to run it. */
export function compose(config: QueryApiComposeConfig, shared: QueryApiShared): QueryApi {
  return createQueryApi({
    sql: shared.sql,
    mailEnabled: config.KOPEK_SMTP_URL !== undefined,
    reportingSql: shared.reportingSql,
    // Where reports were answered, and the replica's lag (ADR 0036).
    metrics: shared.metrics,
    store: shared.store,
    snapshots: createPostgresSnapshotStore(shared.sql),
    tokens: shared.tokens ?? createTokenIssuer({ secret: config.KOPEK_JWT_SECRET }),
    logger: shared.logger,
    bus: shared.bus,
    liveStreams: {
      perUser: config.KOPEK_LIVE_STREAMS_PER_USER,
      total: config.KOPEK_LIVE_STREAMS_MAX,
    },
    minPositionTimeoutMs: config.KOPEK_READ_WAIT_SECONDS * 1000,
    blobs: blobStoreOf(config, shared.sql),
    fileTokens: createFileTokens(config.KOPEK_JWT_SECRET),
    vapidPublicKey: config.KOPEK_VAPID_PUBLIC_KEY,
  });
}
