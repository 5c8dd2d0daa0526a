/**
 * `kopek parse`: the bot's message parser on the command line, for trying
 * messages and for scripts. Prints one JSON line.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { parseMessage } from "@kopek/bot";
import { isCurrency } from "@kopek/domain";

/** The usage line of `kopek parse`. */
export const PARSE_USAGE =
  'usage: kopek parse --today YYYY-MM-DD --currency CODE --me NAME --members "A,B,C" "TEXT"';

/** The exit code for bad arguments (sysexits.h EX_USAGE). */
export const EX_USAGE = 64;

/** What `kopek parse` writes and exits with. */
export interface ParseOutcome {
  readonly code: number;
  readonly stdout?: string;
  readonly stderr?: string;
}

function isDate(s: string): boolean {
  if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Runs `kopek parse` on its arguments (those after `parse`): exit 0 with the
 * parse as one JSON line, whatever the intent (`unknown` included), or 64
 * with a message for bad arguments. The words of TEXT may come as several
 * arguments; they are joined by spaces.
 *
 * @example
 * ```ts
 * runParse(["--today", "2026-11-22", "--currency", "EUR", "--me", "Ana",
 *   "--members", "Ana,Bob,Chen", "Add $50 for food"]).stdout;
 * // {"intent":"expense","total":{"amount":"50.00","currency":"USD"},...}
 * ```
 */
export function runParse(args: string[]): ParseOutcome {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        today: { type: "string" },
        currency: { type: "string" },
        me: { type: "string" },
        members: { type: "string" },
      },
    }));
  } catch (e) {
    return { code: EX_USAGE, stderr: `${(e as Error).message}\n${PARSE_USAGE}` };
  }
  const { today, currency, me, members } = values as Record<string, string | undefined>;
  const problem = (message: string): ParseOutcome => ({
    code: EX_USAGE,
    stderr: `${message}\n${PARSE_USAGE}`,
  });
  if (today === undefined || !isDate(today)) return problem("--today must be a date YYYY-MM-DD");
  if (currency === undefined || !isCurrency(currency)) {
    return problem("--currency must be an ISO 4217 code such as EUR");
  }
  const names = (members ?? "").split(",").map((m) => m.trim()).filter((m) => m.length > 0);
  if (names.length === 0) return problem("--members must list the group's member names");
  if (me === undefined || !names.includes(me)) return problem("--me must be one of --members");
  const text = positionals.join(" ");
  if (text.trim() === "") return problem("give the message TEXT to parse");
  const result = parseMessage(text, { today, currency, me, members: names });
  return { code: 0, stdout: JSON.stringify(result) };
}
