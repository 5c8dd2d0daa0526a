/**
 * Why an import refuses a dump, and where: one error type for every check of
 * the pure import core, carrying a stable code, the source position and
 * stream, and (when the decider refused a command) the decider's own code.
 *
 * @module
 */

/** What an import refuses a dump for. */
export type ImportRefusalCode =
  /** An event that is not a group event Kopek writes (type, version, data, metadata, time). */
  | "dump.bad_event"
  /** Events the command side would not have decided (refused, different, out of order). */
  | "dump.bad_history"
  /** A stream that is not a group's. */
  | "dump.not_a_group"
  /** A dump without any group. */
  | "dump.empty"
  /** More groups than one import takes. */
  | "dump.too_many_groups"
  /** The second pass read another dump than the first (its summary differs). */
  | "dump.changed";

/** A dump the import refuses as a whole. */
export class ImportRefusal extends Error {
  /**
   * Creates the refusal; `position` and `stream` say where in the source
   * (null when the dump as a whole is refused), `reason` is the decider's
   * code when it refused the command.
   */
  constructor(
    readonly code: ImportRefusalCode,
    readonly detail: string,
    readonly position: number | null = null,
    readonly stream: string | null = null,
    readonly reason: string | null = null,
  ) {
    super(
      position === null
        ? detail
        : `the event at position ${position}${stream === null ? "" : ` of ${stream}`}: ${detail}`,
    );
    this.name = "ImportRefusal";
  }
}
