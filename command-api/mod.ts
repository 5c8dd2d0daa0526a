/**
 * Kopek's command side: authenticates, validates, decides and appends. It
 * never touches a read model.
 *
 * @module
 */
export { createCommandApi } from "./app.ts";
export type { CommandApiDeps } from "./deps.ts";
export type { FxResolver } from "./fx.ts";
export { COMMAND_TYPES, type CommandType } from "./commands.ts";
export { userIdOfEmail } from "./accounts.ts";
export { createImporter, type ImportActor, type Importer, type ImportResult } from "./imports.ts";
export {
  checkDump,
  derivedIdFor,
  type DumpSource,
  type ImportFailure,
  importFailureOf,
  type PassOptions,
  replayDump,
  type ReplayOptions,
} from "./import_pipeline.ts";
