/**
 * The test kit for a whole Kopek: start one in-process (`startForTest`) or as
 * the tasks' processes (`startTask`, `spawnTask`), talk to it over HTTP
 * (`KopekClient`), walk the README's walkthrough, build busy groups and
 * imports, and the access rules the matrix checks. Used by the end-to-end
 * suites in `e2e/`, cli's own tests, the bot's and the PWA's browser tests,
 * the fault and topology suites and the benches (ADR 0049).
 *
 * `fault_trigger.ts` is not exported: it is a `--preload` for a service
 * process (`--preload=testing/fault_trigger.ts`), not a module to import.
 *
 * @module
 */
export {
  type Fixture,
  type Principal,
  PRINCIPALS,
  type Rule,
  type RuleRequest,
  RULES,
  SYNC_RECORD_STATUS,
} from "./access_rules.ts";
export { euros, type SoloExpense, soloExpense } from "./bodies.ts";
export { type BusyGroup, busyGroup } from "./busy_group.ts";
export { type Answer, KopekClient, startForTest, waitReady } from "./client.ts";
export { pgRunning, postmaster, stopPg } from "./embedded_pg.ts";
export { awaitImport, ENDED, importDump } from "./imports.ts";
export {
  type OtlpReceiver,
  type OtlpValue,
  type ReceivedSpan,
  startOtlpReceiver,
} from "./otlp_receiver.ts";
export { SpawnedTask, startTask } from "./spawned_task.ts";
export {
  parseTaskText,
  readTasks,
  REPO_ROOT,
  spawnTask,
  type TaskCommand,
  taskCommand,
} from "./task_command.ts";
export { EXPECTED_BALANCES, type WalkResult, walkthrough } from "./walkthrough.ts";
