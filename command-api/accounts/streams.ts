/**
 * What every account operation stands on: reading an account's stream into
 * its state, appending decided user events to several streams at once, and
 * the one command handler for a command on the user's own account. Made once
 * per {@linkcode createAccounts}, from its dependencies.
 *
 * @module
 */
import {
  type AccountCommand,
  accountDecider,
  type AccountState,
  emailHolder,
  emailStream,
  evolveAccount,
  initialAccountState,
  normaliseEmail,
  parseUserEvent,
  PERSONAL_FIELDS,
  USER_EVENT_SCHEMA_VERSION,
  type UserEvent,
  userStream,
} from "@kopek/domain";
import {
  type AppendRequest,
  type EventStore,
  type NewEvent,
  sealPersonalData,
} from "@kopek/eventstore";
import {
  activeTraceparent,
  DEFAULT_PASSWORD_COST,
  hashPassword,
  problem,
  ProblemError,
  sha256Hex,
} from "@kopek/platform";
import type { CommandApiDeps } from "../deps.ts";
import { handle } from "../handle.ts";
import type { UserView } from "../accounts.ts";

/** Who acts: the user, and the service acting for them, if any. */
export interface By {
  readonly userId: string;
  readonly via?: string | null;
}

/** An account's state and the version of its stream. */
export interface LoadedAccount {
  readonly state: AccountState;
  readonly version: number;
}

/** Decided user events for one stream, appended at the version they were decided on. */
export interface StreamAppend {
  readonly stream: string;
  readonly expectedVersion: number;
  readonly events: readonly UserEvent[];
}

/** The account streams as the account operations use them. */
export interface AccountStreams {
  readonly deps: CommandApiDeps;
  /** The cost of a new password hash. */
  readonly cost: NonNullable<CommandApiDeps["passwordCost"]>;
  /** A real hash to verify against when the account is unknown, so both mistakes take as long. */
  readonly decoy: Promise<string>;
  /** The account of a user id, whether or not it exists. */
  load(userId: string): Promise<LoadedAccount>;
  /** The account of a user id; 401 when it no longer exists. */
  existing(userId: string): Promise<LoadedAccount>;
  /** The id of the user who holds an email address, or null. */
  holderOf(email: string): Promise<string | null>;
  /** Appends to several streams in one transaction, with one command id; answers the position. */
  append(by: By, requests: StreamAppend[]): Promise<number>;
  /** Handles a command on the user's own account (which must exist) through the one handler. */
  onAccount(by: By, command: AccountCommand): Promise<void>;
}

/** The user events of a stream, parsed. */
export async function readUserEvents(store: EventStore, stream: string): Promise<UserEvent[]> {
  const events = await store.readStream(stream);
  return events.map((e) => parseUserEvent(e.type, e.schemaVersion, e.data));
}

/** Turns a version conflict into the given problem; throws anything else as it is. */
export function toProblem(e: unknown, status: number, message: string, code: string): never {
  if ((e as { code?: string }).code === "eventstore.version_conflict") {
    throw new ProblemError(problem(status, message, { code }));
  }
  throw e;
}

/**
 * The id of the user who holds an email address, or null. `store` may be the plain event store
 * (the CLI's `kopek import --owner`): the claim is read through the sealing wrapper (ADR 0044),
 * which opens its sealed version-2 events (wrapping a wrapped store changes nothing).
 */
export async function userIdOfEmail(store: EventStore, email: string): Promise<string | null> {
  const stream = emailStream(sha256Hex(normaliseEmail(email)));
  return emailHolder(await readUserEvents(sealPersonalData(store, PERSONAL_FIELDS), stream));
}

/** An account as the API shows it. */
export function viewOf(s: AccountState): UserView {
  return {
    id: s.id,
    email: s.email,
    displayName: s.displayName,
    defaultCurrency: s.defaultCurrency,
  };
}

/** Creates the account streams of the command side's dependencies. */
export function createAccountStreams(deps: CommandApiDeps): AccountStreams {
  const cost = deps.passwordCost ?? DEFAULT_PASSWORD_COST;

  async function load(userId: string): Promise<LoadedAccount> {
    const events = await deps.store.readStream(userStream(userId));
    const state = events.map((e) => parseUserEvent(e.type, e.schemaVersion, e.data))
      .reduce(evolveAccount, initialAccountState());
    return { state, version: events.at(-1)?.version ?? 0 };
  }

  async function existing(userId: string) {
    const loaded = await load(userId);
    if (!loaded.state.exists) {
      throw new ProblemError(
        problem(401, "the account no longer exists", { code: "unauthenticated" }),
      );
    }
    return loaded;
  }

  function toNew(events: readonly UserEvent[], by: By, commandId: string): NewEvent[] {
    const at = deps.now().toISOString();
    // Traced: the write's trace context, as group events keep it (ADR 0037).
    const traceparent = activeTraceparent();
    return events.map((e) => ({
      id: deps.newId(),
      type: e.type,
      schemaVersion: USER_EVENT_SCHEMA_VERSION,
      data: e.data,
      metadata: {
        actor: by.userId,
        commandId,
        at,
        ...(by.via ? { via: by.via } : {}),
        ...(traceparent ? { traceparent } : {}),
      },
    }));
  }

  async function append(by: By, requests: StreamAppend[]) {
    const commandId = deps.newId();
    const nonEmpty: AppendRequest[] = requests.filter((r) => r.events.length > 0).map((r) => ({
      stream: r.stream,
      expectedVersion: r.expectedVersion,
      events: toNew(r.events, by, commandId),
    }));
    if (nonEmpty.length === 0) return 0;
    const { position } = await deps.store.append(nonEmpty);
    deps.onAppended?.();
    return position;
  }

  async function onAccount(by: By, command: AccountCommand): Promise<void> {
    const done = await handle(deps.store, userStream(by.userId), accountDecider, {
      command,
      context: by,
    }, {
      parse: (e) => parseUserEvent(e.type, e.schemaVersion, e.data),
      toNew: (events) => toNew(events, by, deps.newId()),
      load: async () => ({ ...await existing(by.userId), position: 0, fresh: true }),
      maxAttempts: 5,
    });
    if (done.result !== null) deps.onAppended?.();
  }

  return {
    deps,
    cost,
    decoy: hashPassword(crypto.randomUUID(), cost),
    load,
    existing,
    holderOf: (email) => userIdOfEmail(deps.store, email),
    append,
    onAccount,
  };
}
