/**
 * The seam between the job runner and whatever turns a dump into events: an
 * {@linkcode ImportEngine} checks the bytes (pass 1: a plan, or a refusal
 * that names the position) and then replays them (pass 2: per command, the
 * new group and the events to append, in order, handed to a callback). The runner owns everything around it:
 * where the bytes come from, batching, leases, resuming, progress.
 *
 * Both passes read the dump again from its first byte ({@linkcode DumpBytes}
 * is called once per pass), so an engine that streams needs memory for one
 * chunk and its own per-stream summary, never for the dump.
 *
 * @module
 */
import type { NewEvent } from "@kopek/eventstore";
import type { ImportSource } from "./job.ts";

/** The dump's bytes; each call reads them again from the start, in chunks of at most 1 MiB. */
export type DumpBytes = () => AsyncIterable<Uint8Array>;

/** Why a dump is not importable: the 422 problem's `code` and `detail`. */
export interface ImportRefusal {
  /** A stable code, e.g. `dump.checksum_mismatch` or `dump.bad_history`. */
  readonly code: string;
  /** What is wrong, naming the source position (or line) where there is one. */
  readonly detail: string;
}

/** What pass 1 found: what pass 2 will do. */
export interface ImportPlan {
  /** The groups the import creates: their new ids and their names at the end of the history. */
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  /** How many source events pass 2 goes through (the total of its progress). */
  readonly events: number;
  /**
   * Whatever pass 2 needs from pass 1 (a per-stream summary), as JSON: it is
   * stored with the job, so that a run resumed after a crash skips pass 1.
   */
  readonly summary: unknown;
}

/** The outcome of pass 1. */
export type CheckOutcome =
  | { readonly ok: true; readonly plan: ImportPlan }
  | { readonly ok: false; readonly refusal: ImportRefusal };

/** Who imports, and what stamps the new events; fixed for the job, so both passes agree. */
export interface ImportContext {
  /** The importing user: the new groups' owner and the events' `actor`. */
  readonly ownerUserId: string;
  /** The service that acted for the user (`via`), if any. */
  readonly via: string | null;
  /** The request that enqueued the import, if any. */
  readonly requestId: string | null;
  /** The import's command id (every appended event carries it). */
  readonly commandId: string;
  /** The time for events whose source has none: the job's creation. */
  readonly at: string;
  /**
   * A deterministic id for something the import creates (a group, a member,
   * an expense, an event), from its kind and its source id: the same job
   * always answers the same id, so a resumed replay appends what a crashed
   * one would have, and another job never collides with it.
   */
  readonly idFor: (kind: string, sourceId: string) => string;
  /** What the upload is (ADR 0054): null for a Kopek SQL dump. */
  readonly source: ImportSource | null;
}

/** One decision of pass 2 (a command): events to append to one new group, in stream order. */
export interface ImportStep {
  /** The new group's id; its stream is `group-<id>`. */
  readonly groupId: string;
  /** The events, in order; together with earlier steps of the group, from its version 1. */
  readonly events: readonly NewEvent[];
  /** How many source events pass 2 has gone through once this step is appended (progress). */
  readonly replayed: number;
}

/**
 * Checks and replays dumps. Implementations must be deterministic: two
 * replays of the same bytes with the same plan and context yield the same
 * steps in the same order (the runner resumes by skipping what is stored).
 */
export interface ImportEngine {
  /**
   * Pass 1: reads the whole dump and answers its plan, or the refusal of the
   * whole dump (then nothing is appended). Throws only for internal errors.
   */
  check(bytes: DumpBytes, context: ImportContext): Promise<CheckOutcome>;
  /**
   * Pass 2: hands each step of a checked dump to `onStep`, in append order,
   * awaiting it (the runner appends a batch there: backpressure). Resolves
   * when the last step was handed over; throws only for internal errors (a
   * dump pass 1 accepted is not refused here).
   */
  replay(
    bytes: DumpBytes,
    plan: ImportPlan,
    context: ImportContext,
    onStep: (step: ImportStep) => Promise<void>,
  ): Promise<void>;
}
