/**
 * Runs one claimed import job: pass 1 through the engine (or the plan a
 * previous run stored), then pass 2 appended in batches of at most
 * {@linkcode ImportPolicy.batchEvents} events, each its own short
 * transaction (a long one would hold back the snapshot xmin below which the
 * projector reads, and stall every user's read models).
 *
 * Resuming: the events of a job are deterministic (ids from the job's
 * seed), and each new group's stream is written only by its job, in order.
 * So a run that finds a stream already ahead of where the replay is skips
 * the events that are there (checking that the last one it skips carries
 * the id it would have appended) and appends the rest with the expected
 * version: no event twice, none lost, whether the previous run crashed
 * before or after a batch committed, or still runs somewhere after losing
 * its lease.
 *
 * @module
 */
import {
  type AppendRequest,
  DuplicateEventError,
  type EventStore,
  type NewEvent,
  VersionConflictError,
} from "@kopek/eventstore";
import { groupStream } from "@kopek/domain";
import { type Logger, type Problem, problem, type Sql } from "@kopek/platform";
import type { DumpBytes, ImportContext, ImportEngine, ImportPlan } from "./engine.ts";
import { derivedIdFor } from "./ids.ts";
import { IMPORT_POLICY, type ImportPolicy } from "./policy.ts";
import type { ImportedGroup, ImportJob, ImportProgress } from "./job.ts";
import { jobBytes } from "./receive.ts";
import { finishJob, holdsLease, renewLease } from "./lease.ts";

/** The prefix of a group's stream name (`groupStream`). */
const GROUP_STREAM_PREFIX = groupStream("");

/** The worker no longer holds the job's lease: another one took it (or will). */
export class LeaseLostError extends Error {
  constructor(readonly jobId: string, options?: ErrorOptions) {
    super(`the lease of import job ${jobId} was lost`, options);
    this.name = "LeaseLostError";
  }
}

/** The run was asked to stop (the worker is shutting down); the job can be resumed. */
export class RunStoppedError extends Error {
  constructor(readonly jobId: string) {
    super(`the run of import job ${jobId} was stopped`);
    this.name = "RunStoppedError";
  }
}

/** How a run ended (internal errors are thrown). */
export type RunOutcome =
  | {
    readonly status: "done";
    readonly groups: readonly ImportedGroup[];
    readonly position: number;
  }
  | { readonly status: "refused"; readonly problem: Problem };

/** What a run needs. */
export interface RunDeps {
  readonly sql: Sql;
  readonly store: EventStore;
  readonly engine: ImportEngine;
  readonly logger: Logger;
  /** The lease's owner: the worker that claimed the job. */
  readonly workerId: string;
  /** Stops the run at its next chunk or batch (the job stays resumable). */
  readonly signal?: AbortSignal;
  /** Each progress as it happens (the CLI's progress bar); the job row gets it throttled. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** After each batch that appended events (the all-in-one process nudges its projector). */
  readonly onAppended?: () => void;
  /** After each batch, each group it appended to at its new version (the group notices, ADR 0075). */
  readonly onGroupAppended?: (groupId: string, version: number) => void;
  readonly policy?: ImportPolicy;
}

/** The context both passes of a job share: the same every run of the job. */
export function importContext(job: ImportJob): ImportContext {
  const idFor = derivedIdFor(job.seed);
  return {
    ownerUserId: job.ownerId,
    via: job.via,
    requestId: job.requestId,
    commandId: idFor("command", job.id),
    at: job.createdAt.toISOString(),
    idFor,
    source: job.source,
  };
}

/** Lets timers and requests run; awaited between batches. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The lease of a running job: renewed every quarter of its length by a
 * timer, and with each progress written (at most every
 * `progressEveryMs`). Once a renewal finds the lease gone, `check()` throws.
 */
function holdLease(job: ImportJob, deps: RunDeps, policy: ImportPolicy) {
  const key = { id: job.id, workerId: deps.workerId };
  let latest: ImportProgress | undefined;
  let written = 0;
  let lost = false;
  let inFlight: Promise<void> | null = null;
  const renew = (): Promise<void> => {
    inFlight ??= (async () => {
      try {
        const progress = latest;
        written = performance.now();
        if (!(await renewLease(deps.sql, key, { progress }, policy))) lost = true;
      } catch (err) {
        // The database is unreachable: the next renewal tries again, and if the lease runs
        // out meanwhile another worker resumes the job (the appends are safe either way).
        deps.logger.warn({ err, jobId: job.id }, "could not renew an import job's lease");
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };
  const timer = setInterval(renew, Math.max(10, policy.leaseMs / 4));
  return {
    progress(p: ImportProgress) {
      latest = p;
      deps.onProgress?.(p);
      if (performance.now() - written >= policy.progressEveryMs) renew();
    },
    /**
     * Writes the plan with a new progress, after any renewal in flight: that renewal carries an
     * older progress (the end of the check), and landing after this write it would set the
     * progress back.
     */
    async savePlan(plan: ImportPlan, progress: ImportProgress): Promise<boolean> {
      await inFlight;
      latest = progress;
      written = performance.now();
      return await renewLease(deps.sql, key, { plan, progress }, policy);
    },
    check() {
      if (lost) throw new LeaseLostError(job.id);
      if (deps.signal?.aborted) throw new RunStoppedError(job.id);
    },
    async close() {
      clearInterval(timer);
      await inFlight;
    },
  };
}

/** The dump's bytes, counted as the engine reads them, stopping when the run must. */
function counted(
  bytes: DumpBytes,
  onBytes: (n: number) => void,
  check: () => void,
): DumpBytes {
  return async function* () {
    let n = 0;
    for await (const chunk of bytes()) {
      check();
      yield chunk;
      n += chunk.length;
      onBytes(n);
    }
  };
}

/** Appends batches to the new groups' streams, skipping what an earlier run stored. */
function resumableAppender(
  store: EventStore,
  fresh: boolean,
  onGroupAppended?: (groupId: string, version: number) => void,
) {
  /** Per stream: how many of its events the replay has passed, and the stored version. */
  const passed = new Map<string, number>();
  const stored = new Map<string, number>();
  let position = 0;

  async function attempt(batch: Map<string, NewEvent[]>): Promise<number> {
    const requests: AppendRequest[] = [];
    for (const [stream, events] of batch) {
      const from = passed.get(stream) ?? 0;
      let version = stored.get(stream);
      if (version === undefined) version = fresh ? 0 : await store.streamVersion(stream);
      stored.set(stream, version);
      const skip = Math.max(0, Math.min(events.length, version - from));
      if (skip > 0) {
        // Appended by an earlier run of this job: the ids say so (they are the job's alone).
        const [there] = await store.readStream(stream, { afterVersion: from + skip - 1, limit: 1 });
        if (there?.id !== events[skip - 1].id) {
          throw new Error(
            `${stream} holds event ${there?.id} at version ${from + skip}, where this import ` +
              `job's replay has ${events[skip - 1].id}`,
          );
        }
        position = Math.max(position, there.position);
      }
      if (skip < events.length) {
        requests.push({ stream, expectedVersion: from + skip, events: events.slice(skip) });
      }
    }
    if (requests.length === 0) return 0;
    const result = await store.append(requests);
    for (const s of result.streams) {
      stored.set(s.stream, s.version);
      if (s.stream.startsWith(GROUP_STREAM_PREFIX)) {
        onGroupAppended?.(s.stream.slice(GROUP_STREAM_PREFIX.length), s.version);
      }
    }
    position = Math.max(position, result.position);
    return result.events.length;
  }

  return {
    get position() {
      return position;
    },
    /** Appends what of the batch is not stored yet; answers how many events it appended. */
    async append(batch: Map<string, NewEvent[]>): Promise<number> {
      for (let tries = 1;; tries++) {
        try {
          const appended = await attempt(batch);
          for (const [stream, events] of batch) {
            passed.set(stream, (passed.get(stream) ?? 0) + events.length);
          }
          return appended;
        } catch (e) {
          // Another run of the job (one that lost its lease and has not noticed yet) appended
          // meanwhile: read the streams' versions again and skip what it stored. Which of the two
          // errors a lost race raises depends on which unique index PostgreSQL checks first: the
          // stream's version, or the event's id (the ids are the job's alone).
          const raced = e instanceof VersionConflictError || e instanceof DuplicateEventError;
          if (!raced || tries >= 5) throw e;
          for (const stream of batch.keys()) stored.delete(stream);
          fresh = false;
        }
      }
    },
  };
}

/**
 * Runs a job its worker has claimed, to its end: done or refused (the job
 * row is updated, its chunks deleted). Throws {@linkcode LeaseLostError} or
 * {@linkcode RunStoppedError} when it must stop (the job stays resumable),
 * and any internal error as it is (the worker decides: retry or fail).
 */
export async function runImportJob(job: ImportJob, deps: RunDeps): Promise<RunOutcome> {
  const policy = deps.policy ?? IMPORT_POLICY;
  const key = { id: job.id, workerId: deps.workerId };
  const context = importContext(job);
  const lease = holdLease(job, deps, policy);
  const log = deps.logger.child({ jobId: job.id, attempt: job.attempts });
  try {
    let plan: ImportPlan | null = job.plan;
    let latestAppending: ImportProgress = {
      phase: "appending",
      done: 0,
      total: plan?.events ?? 0,
      unit: "events",
    };
    const bytes = counted(
      jobBytes(deps.sql, job),
      (n) =>
        lease.progress(
          plan === null
            ? { phase: "checking", done: n, total: job.size, unit: "bytes" }
            : latestAppending,
        ),
      () => lease.check(),
    );
    if (plan === null) {
      lease.progress({ phase: "checking", done: 0, total: job.size, unit: "bytes" });
      const outcome = await deps.engine.check(bytes, context);
      lease.check();
      if (!outcome.ok) {
        const refused = problem(422, outcome.refusal.detail, { code: outcome.refusal.code });
        await lease.close();
        if (!(await finishJob(deps.sql, key, { status: "refused", problem: refused }))) {
          throw new LeaseLostError(job.id);
        }
        log.info({ code: refused.code }, "import refused");
        return { status: "refused", problem: refused };
      }
      plan = outcome.plan;
      latestAppending = { ...latestAppending, total: plan.events };
      if (!(await lease.savePlan(plan, latestAppending))) {
        throw new LeaseLostError(job.id);
      }
      log.info({ groups: plan.groups.length, events: plan.events }, "import checked");
    }
    // Appended before this run only if a plan was stored before it.
    const appender = resumableAppender(deps.store, job.plan === null, deps.onGroupAppended);
    const total = plan.events;
    let batch = new Map<string, NewEvent[]>();
    let inBatch = 0;
    let replayed = 0;
    let appended = 0;
    const flush = async () => {
      lease.check();
      if (inBatch > 0 && await appender.append(batch) > 0) deps.onAppended?.();
      appended += inBatch;
      batch = new Map();
      inBatch = 0;
      latestAppending = { ...latestAppending, done: Math.min(replayed, total) };
      lease.progress(latestAppending);
      await breathe();
    };
    await deps.engine.replay(bytes, plan, context, async (step) => {
      if (inBatch > 0 && inBatch + step.events.length > policy.batchEvents) await flush();
      const stream = groupStream(step.groupId);
      const list = batch.get(stream) ?? [];
      list.push(...step.events);
      batch.set(stream, list);
      inBatch += step.events.length;
      replayed = Math.max(replayed, step.replayed);
    });
    replayed = total;
    await flush();
    let position = appender.position;
    if (position === 0) {
      // Nothing of it came through this run's appends or skips (an empty plan).
      for (const g of plan.groups) {
        const version = await deps.store.streamVersion(groupStream(g.id));
        const [last] = version > 0
          ? await deps.store.readStream(groupStream(g.id), { afterVersion: version - 1 })
          : [];
        position = Math.max(position, last?.position ?? 0);
      }
    }
    await lease.close();
    const groups = plan.groups.map((g) => ({ id: g.id, name: g.name }));
    if (!(await finishJob(deps.sql, key, { status: "done", groups, position }))) {
      throw new LeaseLostError(job.id);
    }
    log.info({ groups: groups.length, events: appended, position }, "import done");
    return { status: "done", groups, position };
  } catch (e) {
    if (e instanceof LeaseLostError || e instanceof RunStoppedError) throw e;
    // A run that lost its lease fails on whatever the new holder changed first (its chunks are
    // gone once that one finished): that is the lost lease, not a fault of the job.
    if (!(await holdsLease(deps.sql, key).catch(() => true))) {
      throw new LeaseLostError(job.id, { cause: e });
    }
    throw e;
  } finally {
    await lease.close();
  }
}
