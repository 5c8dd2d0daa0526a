/**
 * The command API: every write route of API.md on one Hono app.
 *
 * @module
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  bearerAuth,
  errorHandler,
  problem,
  ProblemError,
  problemResponse,
  requestContext,
} from "@kopek/platform";
import { createAccounts } from "./accounts.ts";
import { createCommandRunner } from "./commands.ts";
import type { CommandApiDeps } from "./deps.ts";
import { createGroupRepository } from "./group_repository.ts";
import { authRoutes } from "./routes/auth.ts";
import { ledgerRoutes } from "./routes/ledger.ts";
import { syncRoutes } from "./routes/sync.ts";

/** Creates the command API's app; mount it (or `route` it) under the process's app. */
export function createCommandApi(deps: CommandApiDeps): Hono {
  const app = new Hono();
  const accounts = createAccounts(deps);
  const groups = createGroupRepository(deps.store, {
    cacheSize: deps.groupCacheSize,
    newId: deps.newId,
    onAppended: deps.onAppended,
  });
  const commands = createCommandRunner(deps, groups, accounts);
  const onUnexpected = (err: unknown) => deps.logger.error({ err }, "unexpected error");

  app.onError(errorHandler({
    onUnexpected: (err, c) => (c.get("logger") ?? deps.logger).error({ err }, "unexpected error"),
  }));
  // A write to a path no route serves is a problem document too, like every other error.
  app.notFound(() => problemResponse(problem(404, "no such resource", { code: "not_found" })));
  app.use("*", requestContext({ logger: deps.logger }));
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: deps.maxBodyBytes ?? 1024 * 1024,
      onError: () => {
        throw new ProblemError(
          problem(413, "the request body is too large", { code: "too_large" }),
        );
      },
    }),
  );
  authRoutes({ accounts, tokens: deps.tokens })(app);
  app.use("/v1/*", bearerAuth({ tokens: deps.tokens }));
  ledgerRoutes({ commands })(app);
  syncRoutes({ commands, onUnexpected })(app);
  return app;
}
