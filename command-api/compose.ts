/**
 * The command API wired from its configuration and the parts its process
 * shares (ADR 0048): used by `command-api/main.ts` (a process of its own) and
 * by `kopek start` (the all-in-one), so that both build the same API.
 *
 * @module
 */
import type { Hono } from "hono";
import { z } from "zod";
import { v7 as uuidv7 } from "uuid";
import { createPostgresSnapshotStore, type EventStore } from "@kopek/eventstore";
import {
  AttachmentsConfigFields,
  ConfigFields,
  createCodeMinter,
  createGroupNotices,
  createGuestLinkTokens,
  createRateLimiter,
  createTokenIssuer,
  publishSessionsEnded,
  ServerConfigFields,
  type SharedParts,
  type StorageWatcher,
  type TokenIssuer,
} from "@kopek/platform";
import { type BlobStoreConfig, blobStoreOf } from "@kopek/platform/blobs";
import { createImportQueue, IMPORTS_QUEUED_CHANNEL } from "@kopek/imports";
import { createCachedFxResolver } from "@kopek/rates";
import { createMailDesk } from "@kopek/mail";
import { createCommandApi } from "./app.ts";
import { groupNoticeCounter } from "./metrics.ts";

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
  KOPEK_STORAGE_PATHS: ConfigFields.KOPEK_STORAGE_PATHS,
  KOPEK_MIN_FREE_BYTES: ConfigFields.KOPEK_MIN_FREE_BYTES,
  KOPEK_VAPID_PUBLIC_KEY: ConfigFields.KOPEK_VAPID_PUBLIC_KEY,
  KOPEK_PUSH_ALLOW_PRIVATE: ConfigFields.KOPEK_PUSH_ALLOW_PRIVATE,
  KOPEK_SMTP_URL: ConfigFields.KOPEK_SMTP_URL,
  KOPEK_MAIL_FROM: ConfigFields.KOPEK_MAIL_FROM,
  ...ServerConfigFields,
  ...AttachmentsConfigFields,
});

/** The variables {@linkcode compose} reads (the all-in-one passes its kept secrets). */
export type CommandApiComposeConfig =
  & Pick<
    z.infer<typeof CommandApiConfig>,
    | "KOPEK_JWT_SECRET"
    | "KOPEK_RATE_LIMITS"
    | "KOPEK_TRUST_PROXY"
    | "KOPEK_BOT_API_KEY"
    | "KOPEK_SMTP_URL"
    | "KOPEK_MAIL_FROM"
    | "KOPEK_PUBLIC_ORIGIN"
  >
  & Partial<BlobStoreConfig>
  & Partial<
    Pick<z.infer<typeof CommandApiConfig>, "KOPEK_VAPID_PUBLIC_KEY" | "KOPEK_PUSH_ALLOW_PRIVATE">
  >;

/** What the command API takes from its process. */
export interface CommandApiShared extends SharedParts {
  /** The tokens' issuer (default: one of `KOPEK_JWT_SECRET`; the all-in-one shares one). */
  readonly tokens?: TokenIssuer;
  /** The event store, counted on the process's registry (ADR 0036). */
  readonly store: EventStore;
  /** The watched volumes: writes pause (503 storage_full) while one is nearly full. */
  readonly storage: StorageWatcher;
  /** After each append (the all-in-one wakes its projector at once). */
  readonly onAppended?: () => void;
  /**
   * A queued import (default: announced on the bus, for the import workers of
   * `serve:imports`; the all-in-one wakes its own worker).
   */
  readonly onImportQueued?: (id: string) => void;
  /** A queued mail (default: nothing, the mail workers poll; the all-in-one wakes its own). */
  readonly onMailQueued?: () => void;
}

/** The command API's app (its `/v1/*` routes), wired once for both ways to run it. */
export function compose(config: CommandApiComposeConfig, shared: CommandApiShared): Hono {
  const { sql, bus, logger } = shared;
  return createCommandApi({
    store: shared.store,
    snapshots: createPostgresSnapshotStore(sql),
    metrics: shared.metrics,
    tokens: shared.tokens ?? createTokenIssuer({ secret: config.KOPEK_JWT_SECRET }),
    logger,
    now: () => new Date(),
    newId: uuidv7,
    fx: createCachedFxResolver(sql, bus),
    onAppended: shared.onAppended,
    // Every process serving commands hears the others' group appends (ADR 0075).
    groupNotices: createGroupNotices(bus, {
      onProblem: (err) => logger.warn({ err }, "could not announce group appends"),
      onDropped: shared.metrics
        ? ((count) => groupNoticeCounter(shared.metrics!)("dropped", count))
        : undefined,
    }),
    codes: createCodeMinter(config.KOPEK_JWT_SECRET),
    guestLinks: createGuestLinkTokens({ secret: config.KOPEK_JWT_SECRET }),
    // Counted in Valkey when configured, so that every replica shares one limit.
    rateLimiter: config.KOPEK_RATE_LIMITS === "on"
      ? createRateLimiter({ counter: bus, logger })
      : null,
    trustProxy: config.KOPEK_TRUST_PROXY === "on",
    botApiKey: config.KOPEK_BOT_API_KEY,
    // Live streams of ended sessions end at once, in every query API (ADR 0021).
    onSessionsEnded: publishSessionsEnded(bus, logger),
    // Queued imports wake the import workers; they also poll.
    imports: createImportQueue({
      sql,
      onQueued: shared.onImportQueued ?? ((id) => bus.publish(IMPORTS_QUEUED_CHANNEL, id)),
    }),
    storage: shared.storage,
    blobs: blobStoreOf(config, sql),
    // Web push (ADR 0057): on with a VAPID public key.
    push: {
      sql,
      enabled: config.KOPEK_VAPID_PUBLIC_KEY !== undefined,
      allowPrivate: config.KOPEK_PUSH_ALLOW_PRIVATE === "1",
      newId: uuidv7,
    },
    // Email when KOPEK_SMTP_URL is set (ADR 0060): requests queue mails, the scheduler sends.
    mail: createMailDesk(sql, config, { onQueued: shared.onMailQueued }),
  });
}
