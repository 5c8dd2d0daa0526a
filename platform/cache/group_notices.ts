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
 * Announced only while another process listens (ADR 0075, addendum): a publish answers how many
 * subscribers received it; when none but this process's own subscription did, the process stays
 * quiet for `probeMs` (announcing costs a clock read) and then publishes its next notice again,
 * which answers anew. A process that starts following is heard from within `probeMs` of the
 * others' next append; a notice missed meanwhile costs one retry, as any lost notice.
 *
 * @module
 */
import type { PubSub } from "./port.ts";

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
  /**
   * How long a process stays quiet after a publish that no other process received, before it
   * publishes again to see (default {@linkcode PROBE_MS}).
   */
  readonly probeMs?: number;
  /** The clock, in milliseconds (default `performance.now`); tests pass a fake one. */
  readonly now?: () => number;
}

/** How long a process that no other one hears stays quiet before it publishes again. */
export const PROBE_MS = 1000;

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
  const now = options.now ?? (() => performance.now());
  const probeMs = options.probeMs ?? PROBE_MS;
  let pending = new Map<string, number>();
  let flushing: Promise<void> | null = null;
  /** This process's subscriptions to the channel (`follow`), one of them among the receivers. */
  let following = 0;
  /** Until then no other process listened at the last publish: nothing is announced. */
  let quietUntil = -Infinity;

  async function flush(): Promise<void> {
    while (pending.size > 0) {
      const batch = pending;
      pending = new Map();
      try {
        const received = await bus.publish(GROUP_APPENDED_CHANNEL, encodeNotices(origin, batch));
        // Valkey counts one subscriber per connection, the in-process bus one per subscription:
        // at most one of those received is this process's own (a second one errs on publishing).
        if (received !== null && received - Math.min(following, 1) <= 0) {
          quietUntil = now() + probeMs;
          pending.clear(); // nobody else to tell
        } else quietUntil = -Infinity;
      } catch (err) {
        options.onProblem?.(err);
      }
    }
    flushing = null;
  }

  return {
    announce(groupId, version) {
      // No other process heard the last publish: wait until the probe (a clock read, nothing else).
      if (quietUntil > now()) return;
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
      const stop = await bus.subscribe(GROUP_APPENDED_CHANNEL, (message) => {
        for (const [groupId, version] of decodeNotices(message, origin)) onNotice(groupId, version);
      });
      following++;
      let stopped = false;
      return async () => {
        if (!stopped) following--;
        stopped = true;
        await stop();
      };
    },
    async settled() {
      while (flushing) await flushing;
    },
  };
}
