/**
 * Restoring a SQL export as new groups: the dump is proven intact first
 * (checksum, rows, count, hash chain: `readSqlDump`), then each group's
 * history is rebased onto new ids owned by the importer
 * (`rebaseGroupHistory`) and every group is appended in one transaction, so
 * an import lands whole or not at all.
 *
 * The new events keep the source's `at` (balances as of an instant read the
 * same on both sides); `causationId` names the source event, `actor` is the
 * importer and `commandId` is the import's.
 *
 * @module
 */
import {
  DomainError,
  type GroupEvent,
  groupEventSchemaVersion,
  groupIdOfStream,
  groupStream,
  Id,
  parseGroupEvent,
  rebaseGroupHistory,
} from "@kopek/domain";
import {
  type AppendRequest,
  collectSqlDump,
  type DumpedEvent,
  DumpError,
  type EventStore,
} from "@kopek/eventstore";
import { problem, ProblemError } from "@kopek/platform";

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

function refuse(code: string, detail: string): never {
  throw new ProblemError(problem(422, detail, { code }));
}

/** Imports dumps into a store. */
export function createImporter(deps: {
  readonly store: EventStore;
  readonly newId: () => string;
  readonly now: () => Date;
  readonly onAppended?: () => void;
}) {
  return async function importDump(text: string, actor: ImportActor): Promise<ImportResult> {
    let dump;
    try {
      dump = await collectSqlDump(text);
    } catch (e) {
      if (e instanceof DumpError) refuse(`dump.${e.fault}`, e.message);
      throw e;
    }
    const byStream = new Map<string, DumpedEvent[]>();
    for (const e of dump.list) {
      const groupId = groupIdOfStream(e.stream);
      if (groupId === null || !Id.safeParse(groupId).success) {
        refuse(
          "dump.not_a_group",
          `the dump holds stream ${JSON.stringify(e.stream)}, which is not a group's`,
        );
      }
      const list = byStream.get(e.stream) ?? [];
      list.push(e);
      byStream.set(e.stream, list);
    }
    if (byStream.size === 0) refuse("dump.empty", "the dump holds no group");
    const commandId = deps.newId();
    const requests: AppendRequest[] = [];
    const groups: ImportResult["groups"] = [];
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
      let rebased;
      try {
        rebased = rebaseGroupHistory(events, actor.userId, deps.newId);
      } catch (err) {
        if (err instanceof DomainError) refuse("dump.bad_history", `${stream}: ${err.message}`);
        throw err;
      }
      groups.push({ id: rebased.groupId, name: rebased.name });
      requests.push({
        stream: groupStream(rebased.groupId),
        expectedVersion: 0,
        events: rebased.events.map(({ source, event }) => {
          const from = stored[source];
          const at = (from.metadata as { at?: unknown }).at;
          return {
            id: deps.newId(),
            type: event.type,
            schemaVersion: groupEventSchemaVersion(event.type),
            data: event.data,
            metadata: {
              actor: actor.userId,
              commandId,
              at: typeof at === "string" && !Number.isNaN(Date.parse(at))
                ? at
                : deps.now().toISOString(),
              causationId: from.id,
              requestId: actor.requestId ?? null,
              ...(actor.via ? { via: actor.via } : {}),
            },
          };
        }),
      });
    }
    const result = await deps.store.append(requests);
    deps.onAppended?.();
    return { groups, position: result.position };
  };
}

/** The import function of {@linkcode createImporter}. */
export type Importer = ReturnType<typeof createImporter>;
