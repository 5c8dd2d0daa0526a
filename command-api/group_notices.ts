/**
 * Notices of group appends between the processes that serve commands (ADR 0075): after an
 * append a process announces `(group id, new stream version)` on the bus; every other process
 * that holds the group folded marks it behind, so that its next command on the group reads the
 * events after its cached version (one SELECT) instead of failing its append's expected-version
 * check. The bus is Valkey where configured (every replica of the distributed setup) and, in the
 * all-in-one, the main isolate's in-process bus that its HTTP workers reach over their ports
 * (ADR 0063).
 *
 * A notice is a hint: delivery is at most once and may come after the next command; the
 * append's expected version still catches every other writer. So notices are cheap: announced
 * without waiting, coalesced (one publish in flight per process; what is announced meanwhile goes
 * together, one entry per group at its highest version), bounded (at most `maxPending` groups
 * wait; past that a notice is dropped, which only costs a retry), and a received message is
 * bounded in size and entries before it is read, each entry costing one map look-up.
 *
 * @module
 */
import type { PubSub } from "@kopek/platform";

/** The channel on which command processes announce group appends. */
export const GROUP_APPENDED_CHANNEL = "kopek:groups:appended";

/** Groups a message carries at most, and waiting groups a process keeps at most. */
export const MAX_NOTICE_ENTRIES = 1024;

/** A message's size at most (a uuid and a version per entry, with room). */
const MAX_MESSAGE_CHARS = 64 + MAX_NOTICE_ENTRIES * 64;

/** How a process announces its appends and hears the others'. */
export interface GroupNotices {
  /** After an append: the group is at `version` now. Returns at once; never throws. */
  announce(groupId: string, version: number): void;
  /**
   * Calls `onNotice` for each group another process announced. Resolves with the function that
   * ends the subscription.
   */
  follow(onNotice: (groupId: string, version: number) => void): Promise<() => Promise<void>>;
  /** Resolves once nothing waits to be published (tests, shutdown). */
  settled(): Promise<void>;
}

/** Options of {@linkcode createGroupNotices}. */
export interface GroupNoticesOptions {
  /** This process's id in its messages, so that it skips its own (default: a random uuid). */
  readonly origin?: string;
  /** Told of a publish that failed (the notices are dropped: the retry still holds). */
  readonly onProblem?: (err: unknown) => void;
  /** Told of a notice dropped because `MAX_NOTICE_ENTRIES` groups already wait. */
  readonly onDropped?: (count: number) => void;
}

/** The wire format: `origin` and one `groupId:version` per entry, space separated. */
export function encodeNotices(origin: string, entries: ReadonlyMap<string, number>): string {
  let message = origin;
  for (const [groupId, version] of entries) message += ` ${groupId}:${version}`;
  return message;
}

const ID = /^[0-9A-Za-z_-]{1,64}$/;

/**
 * The entries of a message from another process, or none for this process's own, a message
 * too long or malformed. Reads at most {@linkcode MAX_NOTICE_ENTRIES} entries.
 */
export function decodeNotices(message: string, origin: string): [string, number][] {
  if (message.length > MAX_MESSAGE_CHARS || message.startsWith(`${origin} `)) return [];
  const parts = message.split(" ", MAX_NOTICE_ENTRIES + 1);
  if (parts[0] === origin || !ID.test(parts[0])) return [];
  const entries: [string, number][] = [];
  for (let i = 1; i < parts.length; i++) {
    const at = parts[i].lastIndexOf(":");
    const groupId = parts[i].slice(0, at);
    const version = Number(parts[i].slice(at + 1));
    if (at > 0 && ID.test(groupId) && Number.isSafeInteger(version) && version > 0) {
      entries.push([groupId, version]);
    }
  }
  return entries;
}

/** Notices over `bus`; see the module. */
export function createGroupNotices(bus: PubSub, options: GroupNoticesOptions = {}): GroupNotices {
  const origin = options.origin ?? crypto.randomUUID();
  let pending = new Map<string, number>();
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (pending.size > 0) {
      const batch = pending;
      pending = new Map();
      try {
        await bus.publish(GROUP_APPENDED_CHANNEL, encodeNotices(origin, batch));
      } catch (err) {
        options.onProblem?.(err);
      }
    }
    flushing = null;
  }

  return {
    announce(groupId, version) {
      const known = pending.get(groupId);
      if (known !== undefined) {
        if (version > known) pending.set(groupId, version);
      } else if (pending.size >= MAX_NOTICE_ENTRIES) {
        options.onDropped?.(1);
        return;
      } else pending.set(groupId, version);
      // One publish in flight: what is announced meanwhile (and in this tick) goes with the next.
      flushing ??= Promise.resolve().then(flush);
    },
    async follow(onNotice) {
      return await bus.subscribe(GROUP_APPENDED_CHANNEL, (message) => {
        for (const [groupId, version] of decodeNotices(message, origin)) onNotice(groupId, version);
      });
    },
    async settled() {
      while (flushing) await flushing;
    },
  };
}
