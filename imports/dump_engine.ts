/**
 * The import engine: Kopek's SQL dump read as a stream (`readSqlDump`) and
 * imported through the decider (`SourceCheck`, then `TargetReplay`; ADR
 * 0017) by the two passes of `pipeline.ts`. Pass 1 refuses the whole dump or
 * answers a plan (the new groups and pass 1's summary, which is stored with
 * the job); pass 2 reads the dump again and hands the runner each command
 * the importer sends, decided, as the events to append. Memory: one chunk of
 * the dump and the new groups' folded state, never the dump.
 *
 * @module
 */
import { groupEventSchemaVersion, type SourceSummary } from "@kopek/domain";
import type { NewEvent } from "@kopek/eventstore";
import type {
  CheckOutcome,
  DumpBytes,
  ImportContext,
  ImportEngine,
  ImportPlan,
  ImportStep,
} from "./engine.ts";
import { checkDump, importFailureOf, replayDump } from "./pipeline.ts";

/** What pass 1 leaves for pass 2, stored with the job as JSON. */
interface StoredSummary {
  readonly summary: SourceSummary;
  readonly checksum: string;
}

/** Options of {@linkcode createDumpImportEngine}. */
export interface DumpImportEngineOptions {
  /** The most groups one dump may hold (the import core's default otherwise). */
  readonly maxGroups?: number;
}

/** Lets requests and lease renewals run between long stretches of parsing and deciding. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** How many source events a pass handles before it yields to the event loop. */
const EVENTS_PER_BREATH = 200;

/** The engine over the streaming reader and the import through the decider. */
export function createDumpImportEngine(options: DumpImportEngineOptions = {}): ImportEngine {
  const pass = (context: ImportContext) => ({
    // The job's creation is the import's clock: both passes, and every run, judge times alike.
    nowMs: Date.parse(context.at),
    maxGroups: options.maxGroups,
    onEvent: async (n: number) => {
      if (n % EVENTS_PER_BREATH === 0) await breathe();
    },
  });
  return {
    async check(bytes: DumpBytes, context: ImportContext): Promise<CheckOutcome> {
      try {
        const { summary, dump } = await checkDump(bytes, pass(context));
        const stored: StoredSummary = { summary, checksum: dump.checksum };
        const plan: ImportPlan = {
          groups: summary.groups.map((g) => ({
            id: context.idFor("group", g.groupId),
            name: g.name,
          })),
          events: summary.events,
          summary: stored,
        };
        return { ok: true, plan };
      } catch (e) {
        const failure = importFailureOf(e);
        if (failure === null) throw e;
        return { ok: false, refusal: { code: failure.code, detail: failure.detail } };
      }
    },
    async replay(
      bytes: DumpBytes,
      plan: ImportPlan,
      context: ImportContext,
      onStep: (step: ImportStep) => Promise<void>,
    ): Promise<void> {
      const { summary, checksum } = plan.summary as StoredSummary;
      let replayed = 0;
      await replayDump(bytes, {
        ...pass(context),
        onEvent: async (n) => {
          replayed = n;
          if (n % EVENTS_PER_BREATH === 0) await breathe();
        },
        summary,
        checksum,
        importerUserId: context.ownerUserId,
        idFor: context.idFor,
      }, async (command) => {
        const events: NewEvent[] = command.events.map(({ id, event }) => ({
          id,
          type: event.type,
          schemaVersion: groupEventSchemaVersion(event.type),
          data: event.data,
          metadata: {
            actor: context.ownerUserId,
            commandId: command.commandId,
            // The source's time: balances as of an instant read the same on both sides.
            at: command.at,
            causationId: command.sourceEventId,
            requestId: context.requestId,
            ...(context.via ? { via: context.via } : {}),
          },
        }));
        await onStep({ groupId: command.groupId, events, replayed });
      });
    },
  };
}
