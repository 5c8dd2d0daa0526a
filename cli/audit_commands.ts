/**
 * The auditor's commands of `kopek`, straight on the database:
 * `verify [--group G]` recomputes the hash chain of every stream (or one
 * group's) and exits non-zero naming the first bad position;
 * `export --group G | --all` writes (to stdout) the SQL dump of
 * `GET …/export.sql` (streamed); `import FILE --owner EMAIL` restores a dump
 * as new groups through the same import job as `POST /v1/imports`, run here
 * and waited for, with no size limit.
 *
 * @module
 */
import { userIdOfEmail } from "@kopek/command-api";
import { groupStream, Id, PERSONAL_FIELDS } from "@kopek/domain";
import { allStreams, type EventStore, sqlDumpOfStreams, verifyStream } from "@kopek/eventstore";
import {
  createDumpImportEngine,
  failedProblem,
  finishJob,
  type ImportEngine,
  type ImportProgress,
  LeaseLostError,
  receiveDump,
  runImportJob,
  startHeldJob,
} from "@kopek/imports";
import type { Logger, Sql } from "@kopek/platform";

/** What a command prints and its exit code. */
export interface Outcome {
  readonly code: number;
  readonly lines: readonly string[];
}

function groupArg(group: string): string {
  if (!Id.safeParse(group).success) {
    throw new UsageError(`--group must be a group id (a UUID), not ${JSON.stringify(group)}`);
  }
  return group.toLowerCase();
}

/** A command line that cannot run (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** `kopek verify [--group G]`. */
export async function verifyCommand(
  store: EventStore,
  options: { group?: string },
): Promise<Outcome> {
  const streams = options.group ? [groupStream(groupArg(options.group))] : allStreams(store);
  let checked = 0;
  let streamCount = 0;
  let first: { position: number; stream: string; fault: string } | null = null;
  const broken: string[] = [];
  for await (const stream of streams) {
    streamCount++;
    const r = await verifyStream(store, stream);
    checked += r.events;
    if (!r.ok) {
      broken.push(stream);
      if (first === null || r.firstBadPosition! < first.position) {
        first = { position: r.firstBadPosition!, stream, fault: r.fault! };
      }
    }
  }
  if (options.group && checked === 0) {
    return { code: 1, lines: [`no events for group ${options.group}`] };
  }
  if (first === null) {
    return {
      code: 0,
      lines: [`ok: ${checked} events in ${streamCount} streams, every hash chain intact`],
    };
  }
  return {
    code: 1,
    lines: [
      `BROKEN: the first bad event is at position ${first.position} (${first.stream}): ${
        first.fault.replaceAll("_", " ")
      }`,
      `${broken.length} of ${streamCount} streams are broken: ${broken.slice(0, 20).join(", ")}${
        broken.length > 20 ? ", …" : ""
      }`,
      `${checked} events checked`,
    ],
  };
}

/** `kopek export --group G | --all`: the dump as a byte stream. */
export async function exportCommand(
  store: EventStore,
  options: { group?: string; all?: boolean; now?: Date },
): Promise<ReadableStream<Uint8Array>> {
  if (!options.group === !options.all) throw new UsageError("say --group G or --all");
  const exportedAt = (options.now ?? new Date()).toISOString();
  const untilPosition = await store.headPosition();
  if (options.group) {
    const stream = groupStream(groupArg(options.group));
    if ((await store.streamVersion(stream)) === 0) {
      throw new UsageError(`no group ${options.group}`);
    }
    return sqlDumpOfStreams(store, [stream], { untilPosition, sealing: PERSONAL_FIELDS }, {
      exportedAt,
      title: `group ${options.group.toLowerCase()}`,
    });
  }
  return sqlDumpOfStreams(
    store,
    allStreams(store, "group-"),
    { untilPosition, sealing: PERSONAL_FIELDS },
    { exportedAt, title: "every group" },
  );
}

/** What `kopek import` works with. */
export interface ImportCommandDeps {
  readonly sql: Sql;
  readonly store: EventStore;
  readonly logger: Logger;
  /** Turns the dump into events (default: the one the import workers use). */
  readonly engine?: ImportEngine;
  /** Each progress of the job (the progress bar). */
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Said while the owner's other import runs (this one waits for it). */
  readonly onWaiting?: () => void;
  /** How long to wait between tries to start (default 1 s). */
  readonly retryMs?: number;
}

/**
 * `kopek import FILE --owner EMAIL`: the same job path as `POST /v1/imports`
 * (the file streams into a job's chunks, with no size limit), run here at
 * once rather than by a worker; exit code 1 with the refusal's detail.
 */
export async function importCommand(
  deps: ImportCommandDeps,
  path: string,
  options: { owner?: string },
): Promise<Outcome> {
  if (!options.owner) throw new UsageError("say whose the imported groups are: --owner EMAIL");
  const userId = await userIdOfEmail(deps.store, options.owner);
  if (userId === null) return { code: 1, lines: [`no account has the email ${options.owner}`] };
  // Held under this command's name: no worker takes the job, this command runs it.
  const holder = `kopek-cli-${crypto.randomUUID()}`;
  const file = await Deno.open(path);
  let id: string;
  try {
    ({ id } = await receiveDump(deps.sql, {
      ownerId: userId,
      via: "kopek-cli",
      body: file.readable,
      maxBytes: Infinity,
      maxPending: null,
      hold: true,
      holder,
    }));
  } finally {
    // Its stream closes the file when read to the end; not when it failed halfway.
    try {
      file.close();
    } catch {
      // already closed
    }
  }
  let job = await startHeldJob(deps.sql, id, holder);
  while (job === null) {
    deps.onWaiting?.();
    await new Promise((r) => setTimeout(r, deps.retryMs ?? 1_000));
    job = await startHeldJob(deps.sql, id, holder);
  }
  let outcome;
  try {
    outcome = await runImportJob(job, {
      sql: deps.sql,
      store: deps.store,
      engine: deps.engine ?? createDumpImportEngine(),
      logger: deps.logger,
      workerId: holder,
      onProgress: deps.onProgress,
    });
  } catch (e) {
    if (!(e instanceof LeaseLostError)) {
      // Kept (with its dump) as failed, for an operator to requeue once the cause is fixed.
      await finishJob(deps.sql, { id, workerId: holder }, {
        status: "failed",
        problem: failedProblem(job.attempts),
      });
    }
    throw e;
  }
  if (outcome.status === "refused") {
    return { code: 1, lines: [`refused: ${outcome.problem.detail}`] };
  }
  return {
    code: 0,
    lines: outcome.groups.map((g) => `imported group ${g.id} ${JSON.stringify(g.name)}`),
  };
}
