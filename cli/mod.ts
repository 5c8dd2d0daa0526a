/**
 * The `kopek` command and the all-in-one composition.
 *
 * @module
 */
export { type Running, startAllInOne } from "./start.ts";
export { openDatabase } from "./database.ts";
export { verifyCommand } from "./audit_commands.ts";
export { KOPEK_SCHEMA } from "./schema.ts";
