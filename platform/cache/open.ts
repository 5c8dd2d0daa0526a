/**
 * The bus of a process from its configuration: Valkey when `KOPEK_VALKEY_URL`
 * is set, else an in-process bus (all-in-one, or a lone service).
 *
 * @module
 */
import type { Logger } from "../logger.ts";
import { createInProcessBus } from "./in_process.ts";
import type { KeyValueBus } from "./port.ts";
import { createValkeyBus } from "./valkey.ts";

/** Opens Valkey at `url`, or an in-process bus without one. */
export async function openBus(url: string | undefined, logger: Logger): Promise<KeyValueBus> {
  return url ? await createValkeyBus(url, { logger }) : createInProcessBus({ logger });
}
