/**
 * The `kopek` command and the all-in-one composition.
 *
 * @module
 */
export { startAllInOne, type Running } from "./start.ts";
export { openDatabase } from "./database.ts";
