/**
 * Kopek's command side: authenticates, validates, decides and appends. It
 * never touches a read model.
 *
 * @module
 */
export { createCommandApi } from "./app.ts";
export {
  type CommandApiComposeConfig,
  CommandApiConfig,
  type CommandApiShared,
  compose as composeCommandApi,
} from "./compose.ts";
export type { CommandApiDeps } from "./deps.ts";
export type { FxResolver } from "./fx.ts";
export { COMMAND_TYPES, type CommandType } from "./commands.ts";
export { userIdOfEmail } from "./accounts.ts";
export {
  createOccurRunner,
  type OccurCommandRunner,
  type OccurRunnerDeps,
} from "./occur_runner.ts";
