import type { ReadinessCheck } from "../http/health.ts";
import type { KeyValueBus } from "./port.ts";

/** The `/readyz` check of a bus: its `health()`, under `name` (default `"valkey"`). */
export function busReadinessCheck(
  bus: Pick<KeyValueBus, "health">,
  name = "valkey",
): ReadinessCheck {
  // Non-critical: without the cache Kopek works (degraded), so /readyz stays 200.
  return { name, check: () => bus.health(), critical: false };
}
