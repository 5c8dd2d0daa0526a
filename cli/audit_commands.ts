/**
 * The auditor's commands of `kopek`, straight on the database:
 * `verify [--group G]` recomputes the hash chain of every stream (or one
 * group's) and exits non-zero naming the first bad position;
 * `export --group G | --all` writes (to stdout) the SQL dump of
 * `GET …/export.sql` (streamed); `import FILE --owner EMAIL` restores a dump
 * as new groups, as `POST /v1/imports` does, with no size limit.
 *
 * @module
 */
import { createImporter, userIdOfEmail } from "@kopek/command-api";
import { groupStream, Id } from "@kopek/domain";
import {
  allStreams,
  eventsOfStreams,
  type EventStore,
  sqlDumpStream,
  streamEvents,
  verifyChain,
} from "@kopek/eventstore";
import { ProblemError } from "@kopek/platform";
import { v7 as uuidv7 } from "uuid";

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
    const r = await verifyChain(streamEvents(store, stream));
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
    return sqlDumpStream(streamEvents(store, stream, { untilPosition }), {
      exportedAt,
      title: `group ${options.group.toLowerCase()}`,
    });
  }
  const events = eventsOfStreams(store, allStreams(store, "group-"), { untilPosition });
  return sqlDumpStream(events, { exportedAt, title: "every group" });
}

/** `kopek import FILE --owner EMAIL`. */
export async function importCommand(
  store: EventStore,
  text: string,
  options: { owner?: string; now?: () => Date },
): Promise<Outcome> {
  if (!options.owner) throw new UsageError("say whose the imported groups are: --owner EMAIL");
  const userId = await userIdOfEmail(store, options.owner);
  if (userId === null) return { code: 1, lines: [`no account has the email ${options.owner}`] };
  const importDump = createImporter({
    store,
    newId: uuidv7,
    now: options.now ?? (() => new Date()),
  });
  try {
    const result = await importDump(text, { userId, via: "kopek-cli" });
    return {
      code: 0,
      lines: result.groups.map((g) => `imported group ${g.id} ${JSON.stringify(g.name)}`),
    };
  } catch (e) {
    if (e instanceof ProblemError) return { code: 1, lines: [`refused: ${e.problem.detail}`] };
    throw e;
  }
}
