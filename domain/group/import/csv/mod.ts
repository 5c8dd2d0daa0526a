/**
 * Spreadsheet imports (ADR 0054): a Splitwise, Spliit or Tricount export read into the
 * sheet model and replayed through the group decider.
 *
 * @module
 */
export * from "./sheet.ts";
export * from "./sheet_record.ts";
export * from "./splitwise.ts";
export { categoryOf, expenseParts, rowCommand } from "./row_command.ts";
export * from "./sheet_replay.ts";
export * from "./spliit.ts";
export * from "./tricount.ts";
