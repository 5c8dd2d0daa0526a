/**
 * Prometheus's `promtool`, where Debian's package (or a manual install)
 * puts it, and its check of a `/metrics` text.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { runCommand } from "./command.ts";

/** The path of `promtool`, or undefined where it is not installed. */
export const PROMTOOL: string | undefined = ["/usr/bin/promtool", "/usr/local/bin/promtool"]
  .find((p) => existsSync(p));

/** `promtool check metrics` on `text`: whether it passed, and what promtool said. */
export async function promtoolCheckMetrics(text: string): Promise<{ ok: boolean; said: string }> {
  if (!PROMTOOL) throw new Error("promtool is not installed (apt-get install prometheus)");
  const out = await runCommand(PROMTOOL, ["check", "metrics"], { stdin: text });
  return { ok: out.success, said: out.stdout + out.stderr };
}
