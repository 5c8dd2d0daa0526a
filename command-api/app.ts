/**
 * The command API: every write route of API.md on one Hono app.
 *
 * @module
 */
import { PERSONAL_FIELDS } from "@kopek/domain";
import { sealPersonalData } from "@kopek/eventstore";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  bearerAuth,
  createGuestLinkTokens,
  errorHandler,
  guestGate,
  problem,
  ProblemError,
  problemResponse,
  requestContext,
  requestDeadline,
  storageGuard,
} from "@kopek/platform";
import { createAccounts } from "./accounts.ts";
import { createAccountDeletion } from "./account_deletion.ts";
import { createLimits } from "./rate_limits.ts";
import { createSessions } from "./sessions.ts";
import { createGuestLinks } from "./guest_links.ts";
import { guestLinkRoutes, guestSessionRoutes } from "./routes/guests.ts";
import { meRoutes } from "./routes/me.ts";
import { telegramRoutes } from "./routes/telegram.ts";
import { createCommandRunner } from "./commands.ts";
import { groupNoticeCounter, instrumentCommands } from "./metrics.ts";
import { type CommandApiDeps, WRITE_TIMEOUT_MS } from "./deps.ts";
import { createGroupRepository } from "./group_repository.ts";
import { mailRoutes, passwordResetRoutes } from "./routes/mail.ts";
import { authRoutes } from "./routes/auth.ts";
import { ledgerRoutes } from "./routes/ledger.ts";
import { syncRoutes } from "./routes/sync.ts";
import { importRoutes } from "./routes/imports.ts";
import { attachmentRoutes, isAttachmentUpload } from "./routes/attachments.ts";
import { pushRoutes } from "./routes/push.ts";
import { clientErrorRoutes } from "./routes/client_errors.ts";
import { clientErrorMetrics } from "./client_errors.ts";

/** Creates the command API's app; mount it (or `route` it) under the process's app. */
export function createCommandApi(given: CommandApiDeps): Hono {
  // Personal data of accounts is sealed in the log, and shredded with the account (ADR 0044).
  const deps = { ...given, store: sealPersonalData(given.store, PERSONAL_FIELDS) };
  const app = new Hono();
  const accounts = createAccounts(deps);
  const noticeCount = deps.metrics ? groupNoticeCounter(deps.metrics) : undefined;
  const groups = createGroupRepository(deps.store, {
    cacheSize: deps.groupCacheSize,
    newId: deps.newId,
    onAppended: deps.onAppended,
    onGroupAppended: deps.groupNotices?.announce,
    onCaughtUp: noticeCount && (() => noticeCount("caught_up")),
    snapshots: deps.snapshots ?? null,
    onSnapshotProblem: (problem, err) => deps.logger.warn({ err }, problem),
  });
  // Other processes' appends mark this process's cached groups behind (ADR 0075).
  deps.groupNotices?.follow((groupId, version) => {
    if (groups.noticed(groupId, version)) noticeCount?.("marked");
  })
    .catch((err) => deps.logger.warn({ err }, "could not follow other processes' group appends"));
  const runner = createCommandRunner(deps, groups, accounts, deps.codes);
  const commands = deps.metrics ? instrumentCommands(runner, deps.metrics) : runner;
  const sessions = createSessions(deps, accounts, deps.tokens);
  const guests = createGuestLinks(
    deps,
    groups,
    runner,
    deps.guestLinks ?? createGuestLinkTokens({ secret: crypto.randomUUID() + crypto.randomUUID() }),
  );
  const limits = createLimits(deps);
  const onUnexpected = (err: unknown) => deps.logger.error({ err }, "unexpected error");

  app.onError(errorHandler({
    onUnexpected: (err, c) => (c.get("logger") ?? deps.logger).error({ err }, "unexpected error"),
    onUnavailable: (err, c) =>
      (c.get("logger") ?? deps.logger).warn({ err }, "database unavailable"),
  }));
  // A write to a path no route serves is a problem document too, like every other error.
  app.notFound(() => problemResponse(problem(404, "no such resource", { code: "not_found" })));
  app.use("*", requestContext({ logger: deps.logger }));
  // A nearly full database volume: 503 storage_full before PostgreSQL runs out of room.
  if (deps.storage) app.use("/v1/*", storageGuard(deps.storage));
  // A write that cannot finish in time answers 503, safe to retry with the same id (ADR 0023).
  app.use(
    "*",
    requestDeadline({
      ms: deps.writeTimeoutMs ?? WRITE_TIMEOUT_MS,
      // Uploads stream a body of up to 10 MiB: the body timeout bounds them (ADR 0055).
      applies: (c) =>
        c.req.method !== "GET" && c.req.path !== "/v1/imports" &&
        !isAttachmentUpload(c.req.method, c.req.path),
      onExpired: (c) =>
        (c.get("logger") ?? deps.logger).warn(
          { method: c.req.method, path: c.req.path },
          "write not done in time: answered 503, it goes on",
        ),
    }),
  );
  const jsonLimit = bodyLimit({
    maxSize: deps.maxBodyBytes ?? 1024 * 1024,
    onError: () => {
      throw new ProblemError(
        problem(413, "the request body is too large", { code: "too_large" }),
      );
    },
  });
  // Imports carry SQL dumps and have their own, larger limit.
  // Attachments read their body up to their own bound (routes/attachments.ts).
  app.use(
    "/v1/*",
    (c, next) =>
      c.req.path === "/v1/imports" || isAttachmentUpload(c.req.method, c.req.path)
        ? next()
        : jsonLimit(c, next),
  );
  authRoutes({ accounts, sessions, limits })(app);
  const mail = { ...deps, mail: deps.mail, accounts, limits, groups };
  passwordResetRoutes(mail)(app);
  telegramRoutes({ accounts, tokens: deps.tokens, limits, botApiKey: deps.botApiKey, groups })(
    app,
  );
  // Open: the PWA's errors on the sign-in page count too; a valid token only adds the user.
  clientErrorRoutes({ limits, tokens: deps.tokens, metrics: clientErrorMetrics(deps.metrics) })(
    app,
  );
  guestSessionRoutes({ guests, limits })(app);
  app.use("/v1/*", bearerAuth({ tokens: deps.tokens }));
  // A guest reaches its group's routes and the sync of its commands only (ADR 0059).
  app.use(
    "/v1/*",
    guestGate({ source: deps.store, now: deps.now, allow: (path) => path === "/v1/sync" }),
  );
  meRoutes({ accounts, sessions, limits, deletion: createAccountDeletion(deps, accounts, groups) })(
    app,
  );
  mailRoutes(mail)(app);
  ledgerRoutes({ commands, limits })(app);
  guestLinkRoutes({ guests, limits })(app);
  syncRoutes({ commands, limits, onUnexpected })(app);
  importRoutes({ imports: deps.imports, limits })(app);
  attachmentRoutes({ commands, groups, limits, blobs: deps.blobs })(app);
  pushRoutes({ push: deps.push, limits })(app);
  return app;
}
