/**
 * Restoring a SQL export as new groups, synchronously and in memory (the
 * dump is already a string): the two passes of `import_pipeline.ts` — the
 * strict dump reader and the import core, which decides every source
 * command again as its actor, then replays it for the importer — and every
 * new group appended in one transaction, so an import lands whole or not at
 * all. Any refusal is a 422 naming its code and where.
 *
 * The new events keep the source's `at` (balances as of an instant read the
 * same on both sides); `causationId` names the source command's first
 * event, `actor` is the importer and `commandId` is the new command's.
 *
 * @module
 */
import { groupEventSchemaVersion } from "@kopek/domain";
import type { EventStore, NewEvent } from "@kopek/eventstore";
import { problem, ProblemError } from "@kopek/platform";
import { checkDump, derivedIdFor, importFailureOf, replayDump } from "./import_pipeline.ts";

/** Who imports, and the request that carries it. */
export interface ImportActor {
  readonly userId: string;
  readonly via?: string | null;
  readonly requestId?: string | null;
}

/** What an import created. */
export interface ImportResult {
  readonly groups: { readonly id: string; readonly name: string }[];
  /** The position of the last appended event. */
  readonly position: number;
}

/** Imports dumps into a store. */
export function createImporter(deps: {
  readonly store: EventStore;
  readonly newId: () => string;
  readonly now: () => Date;
  readonly onAppended?: () => void;
}) {
  return async function importDump(text: string, actor: ImportActor): Promise<ImportResult> {
    const bytes = new TextEncoder().encode(text);
    const open = async function* () {
      yield bytes;
    };
    const nowMs = deps.now().getTime();
    const requests = new Map<string, { stream: string; expectedVersion: 0; events: NewEvent[] }>();
    let groups;
    try {
      const { summary, dump } = await checkDump(open, { nowMs });
      ({ groups } = await replayDump(open, {
        summary,
        checksum: dump.checksum,
        importerUserId: actor.userId,
        idFor: derivedIdFor(deps.newId()),
        nowMs,
      }, (c) => {
        let request = requests.get(c.stream);
        if (!request) {
          requests.set(c.stream, request = { stream: c.stream, expectedVersion: 0, events: [] });
        }
        for (const { id, event } of c.events) {
          request.events.push({
            id,
            type: event.type,
            schemaVersion: groupEventSchemaVersion(event.type),
            data: event.data,
            metadata: {
              actor: actor.userId,
              commandId: c.commandId,
              at: c.at,
              causationId: c.sourceEventId,
              requestId: actor.requestId ?? null,
              ...(actor.via ? { via: actor.via } : {}),
            },
          });
        }
      }));
    } catch (e) {
      const failure = importFailureOf(e);
      if (failure === null) throw e;
      throw new ProblemError(problem(422, failure.detail, { code: failure.code }));
    }
    const result = await deps.store.append([...requests.values()]);
    deps.onAppended?.();
    return { groups: groups.map((g) => ({ id: g.id, name: g.name })), position: result.position };
  };
}

/** The import function of {@linkcode createImporter}. */
export type Importer = ReturnType<typeof createImporter>;
