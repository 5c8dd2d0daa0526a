/**
 * The import engine over the reader and rebase Kopek had before streaming
 * imports: `readSqlDump` (checksum, rows, count, hash chain) and
 * `rebaseGroupHistory` (new ids, the importer as owner, each event checked
 * as the command side would decide it). It is the temporary adapter behind
 * the {@linkcode ImportEngine} seam: it reads the whole dump into memory in
 * each pass (a 60 MB dump takes hundreds of MB and blocks the event loop
 * while it is parsed); the job layer around it streams. Replace it with the
 * streaming engine; nothing else changes.
 *
 * @module
 */
import {
  DomainError,
  type GroupEvent,
  groupEventSchemaVersion,
  groupIdOfStream,
  Id,
  parseGroupEvent,
  rebaseGroupHistory,
} from "@kopek/domain";
import { type DumpedEvent, DumpError, type NewEvent, readSqlDump } from "@kopek/eventstore";
import type {
  CheckOutcome,
  DumpBytes,
  ImportContext,
  ImportEngine,
  ImportPlan,
  ImportRefusal,
  ImportStep,
} from "./engine.ts";

/** A refusal on its way out of the adapter's synchronous code. */
class Refused extends Error {
  constructor(readonly refusal: ImportRefusal) {
    super(refusal.detail);
  }
}

function refuse(code: string, detail: string): never {
  throw new Refused({ code, detail });
}

async function readText(bytes: DumpBytes): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of bytes()) {
    parts.push(chunk);
    size += chunk.length;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  parts.length = 0;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(all);
  } catch {
    return refuse("dump.not_a_dump", "the dump is not valid UTF-8");
  }
}

interface RebasedStream {
  readonly stream: string;
  readonly groupId: string;
  readonly name: string;
  /** How many events of the dump are the group's. */
  readonly sourceEvents: number;
  /** Each new event, with how many events of the dump come up to its source. */
  readonly events: { readonly event: NewEvent; readonly replayed: number }[];
}

/** Reads, verifies and rebases every group of the dump (all in memory). */
function* rebased(text: string, context: ImportContext): Generator<RebasedStream> {
  let dump;
  try {
    dump = readSqlDump(text);
  } catch (e) {
    if (e instanceof DumpError) refuse(`dump.${e.fault}`, e.message);
    throw e;
  }
  const byStream = new Map<string, DumpedEvent[]>();
  for (const e of dump.events) {
    const groupId = groupIdOfStream(e.stream);
    if (groupId === null || !Id.safeParse(groupId).success) {
      refuse(
        "dump.not_a_group",
        `the event at position ${e.position} is of stream ${
          JSON.stringify(e.stream)
        }, which is not a group's`,
      );
    }
    const list = byStream.get(e.stream) ?? [];
    list.push(e);
    byStream.set(e.stream, list);
  }
  if (byStream.size === 0) refuse("dump.empty", "the dump holds no group");
  let before = 0;
  for (const [stream, stored] of byStream) {
    const events: GroupEvent[] = stored.map((e) => {
      try {
        return parseGroupEvent(e.type, e.schemaVersion, e.data);
      } catch (err) {
        return refuse(
          "dump.bad_event",
          `the event at position ${e.position} of ${stream} is not a valid group event: ${
            (err as Error).message.slice(0, 300)
          }`,
        );
      }
    });
    let n = 0;
    let result;
    try {
      result = rebaseGroupHistory(
        events,
        context.ownerUserId,
        () => context.idFor("entity", `${stream}#${n++}`),
      );
    } catch (err) {
      if (err instanceof DomainError) {
        refuse(
          "dump.bad_history",
          `${stream} (positions ${stored[0].position} to ${
            stored.at(-1)!.position
          }): ${err.message}`,
        );
      }
      throw err;
    }
    yield {
      stream,
      groupId: result.groupId,
      name: result.name,
      sourceEvents: stored.length,
      events: result.events.map(({ source, event }) => {
        const from = stored[source];
        const at = (from.metadata as { at?: unknown }).at;
        return {
          replayed: before + source + 1,
          event: {
            id: context.idFor("event", from.id),
            type: event.type,
            schemaVersion: groupEventSchemaVersion(event.type),
            data: event.data,
            metadata: {
              actor: context.ownerUserId,
              commandId: context.commandId,
              at: typeof at === "string" && !Number.isNaN(Date.parse(at)) ? at : context.at,
              causationId: from.id,
              requestId: context.requestId,
              ...(context.via ? { via: context.via } : {}),
            },
          },
        };
      }),
    };
    before += stored.length;
  }
}

/** Lets other work (requests, lease renewals) run between the adapter's long synchronous steps. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The engine over `readSqlDump` and `rebaseGroupHistory` (in memory; see the
 * module doc). The replay right after a check of the same job takes the
 * check's result instead of reading and rebasing the dump again (a resumed
 * job, or one on another worker, does it again).
 */
export function createLegacyImportEngine(): ImportEngine {
  let lastCheck: { readonly commandId: string; readonly groups: RebasedStream[] } | null = null;
  return {
    async check(bytes: DumpBytes, context: ImportContext): Promise<CheckOutcome> {
      lastCheck = null;
      try {
        const text = await readText(bytes);
        await breathe();
        const all: RebasedStream[] = [];
        for (const g of rebased(text, context)) {
          all.push(g);
          await breathe();
        }
        lastCheck = { commandId: context.commandId, groups: all };
        const groups = all.map((g) => ({ id: g.groupId, name: g.name }));
        const events = all.reduce((n, g) => n + g.sourceEvents, 0);
        return { ok: true, plan: { groups, events, summary: null } };
      } catch (e) {
        if (e instanceof Refused) return { ok: false, refusal: e.refusal };
        throw e;
      }
    },
    async replay(
      bytes: DumpBytes,
      plan: ImportPlan,
      context: ImportContext,
      onStep: (step: ImportStep) => Promise<void>,
    ): Promise<void> {
      const kept = lastCheck?.commandId === context.commandId ? lastCheck.groups : null;
      lastCheck = null;
      const text = kept ? "" : await readText(bytes);
      await breathe();
      let i = 0;
      for (const g of kept ?? rebased(text, context)) {
        if (plan.groups[i]?.id !== g.groupId) {
          throw new Error(`the replay's group ${i} is ${g.groupId}, not the plan's`);
        }
        i++;
        for (const { event, replayed } of g.events) {
          await onStep({ groupId: g.groupId, events: [event], replayed });
        }
        await breathe();
      }
    },
  };
}
