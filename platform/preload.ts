/**
 * Runs before a service's entry point (`deno run --preload=platform/preload.ts`,
 * see the tasks in deno.json): adapts the process to the narrow permission
 * flags the services run with.
 *
 * @module
 */
import process from "node:process";
import { tolerateRestrictedEnvEnumeration } from "./env_enumeration.ts";

tolerateRestrictedEnvEnumeration(process);
