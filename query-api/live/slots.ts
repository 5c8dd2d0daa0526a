/**
 * How many `/live` streams an instance holds: at most `perUser` for one user
 * and `total` in all (ADR 0025). A stream takes a slot before it opens and
 * gives it back when it ends; a refused one answers 429 `too_many_streams`
 * (the user's own) or 503 `server_busy` (the instance's), both with
 * `Retry-After`.
 *
 * @module
 */

/** The caps. */
export interface StreamCaps {
  readonly perUser: number;
  readonly total: number;
}

/** Defaults of {@linkcode StreamCaps}. */
export const DEFAULT_STREAM_CAPS: StreamCaps = { perUser: 16, total: 1000 };

/** Why a slot was refused. */
export type StreamRefusal = "user" | "total";

/** The slots of one instance. */
export interface StreamSlots {
  /** Takes a slot for the user: the function that gives it back (once), or why not. */
  take(userId: string): (() => void) | StreamRefusal;
  /** Streams open now. */
  readonly open: number;
  /** Streams the user has open now. */
  of(userId: string): number;
}

/** Creates the slots with their caps. */
export function createStreamSlots(caps: StreamCaps = DEFAULT_STREAM_CAPS): StreamSlots {
  const byUser = new Map<string, number>();
  let open = 0;
  return {
    take(userId) {
      const mine = byUser.get(userId) ?? 0;
      if (mine >= caps.perUser) return "user";
      if (open >= caps.total) return "total";
      byUser.set(userId, mine + 1);
      open++;
      let given = false;
      return () => {
        if (given) return;
        given = true;
        open--;
        const left = (byUser.get(userId) ?? 1) - 1;
        if (left === 0) byUser.delete(userId);
        else byUser.set(userId, left);
      };
    },
    get open() {
      return open;
    },
    of: (userId) => byUser.get(userId) ?? 0,
  };
}
