/**
 * Test helpers of the imports package: a migrated throwaway database, real
 * group histories decided by the domain and appended to the store, their
 * dumps written by the real writer, and folds of imported groups.
 *
 * @module
 */
import {
  decideGroup,
  evolveGroup,
  type GroupCommand,
  type GroupEvent,
  groupEventSchemaVersion,
  type GroupState,
  groupStream,
  initialGroupState,
  parseGroupEvent,
} from "@kopek/domain";
import {
  createPostgresEventStore,
  type EventStore,
  migrate,
  streamEvents,
  writeSqlDump,
} from "@kopek/eventstore";
import { createLogger, type Logger } from "@kopek/platform";
import { createTestDatabase, type TestDatabase } from "@kopek/platform/testing";
import { importsMigrate } from "./store.ts";

/** A migrated database (event store and imports) with a store on it. */
export interface ImportsDatabase extends TestDatabase {
  readonly store: EventStore;
}

/** Creates a throwaway database with the event store's and the imports' tables. */
export async function createImportsDatabase(): Promise<ImportsDatabase> {
  const db = await createTestDatabase("kopek_imp", { max: 12 });
  await migrate(db.sql);
  await importsMigrate(db.sql);
  return Object.assign(db, { store: createPostgresEventStore(db.sql) });
}

/** A logger that says nothing. */
export const quiet: Logger = createLogger({ level: "silent" });

/** A user id of tests. */
export function userId(): string {
  return crypto.randomUUID();
}

/**
 * Decides a group with three members and `expenses` expenses (every tenth
 * one amended, every fifteenth voided) as the command side would, appends it
 * in batches, and answers its stream.
 */
export async function appendGroup(
  store: EventStore,
  options: { name?: string; expenses: number; owner?: string },
): Promise<string> {
  const owner = options.owner ?? userId();
  const groupId = crypto.randomUUID();
  const stream = groupStream(groupId);
  let state: GroupState = initialGroupState();
  // Each command's events share its command id, as the command side writes them.
  const pending: { event: GroupEvent; commandId: string }[] = [];
  let version = 0;
  const flush = async () => {
    if (pending.length === 0) return;
    const at = new Date(Date.UTC(2026, 0, 1) + version * 60_000).toISOString();
    await store.append({
      stream,
      expectedVersion: version,
      events: pending.map(({ event, commandId }) => ({
        id: crypto.randomUUID(),
        type: event.type,
        schemaVersion: groupEventSchemaVersion(event.type),
        data: event.data,
        metadata: { actor: owner, commandId, at },
      })),
    });
    version += pending.length;
    pending.length = 0;
  };
  const run = async (command: GroupCommand) => {
    const commandId = crypto.randomUUID();
    for (const event of decideGroup(command, state, { actorUserId: owner })) {
      state = evolveGroup(state, structuredClone(event));
      pending.push({ event, commandId });
    }
    if (pending.length >= 500) await flush();
  };
  const members = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  await run({
    type: "group.create",
    groupId,
    name: options.name ?? "Trip",
    currency: "EUR",
    ownerMemberId: members[0],
    ownerName: "Ana",
  });
  await run({
    type: "member.add",
    memberId: members[1],
    name: "Bob",
    userId: null,
    role: "member",
  });
  await run({
    type: "member.add",
    memberId: members[2],
    name: "Chen",
    userId: null,
    role: "admin",
  });
  for (let i = 0; i < options.expenses; i++) {
    const expenseId = crypto.randomUUID();
    const amount = `${10 + (i % 90)}.${String(i % 100).padStart(2, "0")}`;
    const input = {
      description: `Expense ${i}`,
      total: { amount, currency: "EUR" },
      date: "2026-03-01",
      category: "food" as const,
      paidBy: [{ memberId: members[i % 3], amount }],
      split: { mode: "equal" as const, shares: members.map((memberId) => ({ memberId })) },
    };
    await run({ type: "expense.record", expenseId, input, fx: null });
    if (i % 10 === 9) {
      await run({
        type: "expense.amend",
        expenseId,
        input: { ...input, description: `Expense ${i} (amended)` },
        fx: null,
      });
    }
    if (i % 15 === 14) await run({ type: "expense.void", expenseId });
  }
  await flush();
  return stream;
}

/** The dump of some streams, as the export writes it. */
export async function dumpOf(store: EventStore, streams: readonly string[]): Promise<string> {
  async function* events() {
    for (const s of streams) yield* streamEvents(store, s);
  }
  let text = "";
  for await (
    const part of writeSqlDump(events(), {
      exportedAt: "2026-12-01T00:00:00.000Z",
      title: "test",
    })
  ) text += part;
  return text;
}

/** A dump as a request body would bring it: in pieces of `size` bytes. */
export async function* inPieces(text: string | Uint8Array, size = 64 * 1024) {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) {
    await Promise.resolve();
    yield bytes.slice(i, i + size);
  }
}

/** A group's state folded from its stream. */
export async function foldStream(store: EventStore, stream: string): Promise<GroupState> {
  let state = initialGroupState();
  for await (const e of streamEvents(store, stream)) {
    state = evolveGroup(state, parseGroupEvent(e.type, e.schemaVersion, e.data));
  }
  return state;
}

/** How many events the store holds. */
export async function eventCount(db: TestDatabase): Promise<number> {
  const [{ n }] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM events`;
  return n;
}
