/**
 * What the import's recogniser (`command_of.ts`) answers, and the small
 * tools its recognisers share: parsing with the API's body schemas, and the
 * run of pending events a command's first event begins.
 *
 * @module
 */
import type { z } from "zod";
import { Text } from "../../shared/schemas.ts";
import { TEXT_LIMITS } from "../../shared/limits.ts";
import type { GroupCommand } from "../commands.ts";
import type { GroupEvent, GroupEventOf } from "../events.ts";

/** A history that no command of the API could have caused. */
export class Unrecognised extends Error {
  override name = "Unrecognised";
}

/** What the pending events of a stream stand for. */
export type Recognised =
  /** They may be the start of a longer command: wait for the next event of the run. */
  | { readonly kind: "more" }
  /**
   * The first `count` events are one command: one of `candidates` (several
   * only for a foreign amount, whose conversion the edge may have resolved
   * two ways) must decide exactly them.
   */
  | {
    readonly kind: "command";
    readonly count: number;
    readonly candidates: readonly GroupCommand[];
  };

/** The pending events after a command's first one, as a recogniser reads them. */
export interface Run {
  /** The second pending event, if known. */
  readonly e1: GroupEvent | undefined;
  /** The third pending event, if known. */
  readonly e2: GroupEvent | undefined;
  /** Whether fewer than `n` events are known while more may come. */
  readonly waiting: (n: number) => boolean;
  /** The run's time (RFC 3339). */
  readonly at: string;
}

/** A member's or an owner's display name, as the API takes it. */
export const DisplayName = Text(TEXT_LIMITS.displayName);

/** `value` parsed with the API's body schema, or {@linkcode Unrecognised} naming `what`. */
export function input<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Unrecognised(
      `the API refuses its ${what}: ${issue.path.join(".") || what}: ${issue.message}`,
    );
  }
  return parsed.data;
}

/** One command of `count` events. */
export function one(count: number, command: GroupCommand): Recognised {
  return { kind: "command", count, candidates: [command] };
}

/** Whether `e` is an event of this type. */
export function is<K extends GroupEvent["type"]>(
  e: GroupEvent | undefined,
  type: K,
): e is GroupEventOf<K> {
  return e?.type === type;
}
