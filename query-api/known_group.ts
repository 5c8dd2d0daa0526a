/**
 * A group's row read after its access check passed. Each projection has its own checkpoint
 * (ADR 0006), so for a moment after a group is created the access read model may know it while
 * the read model a route reads (the group, its balances, its reports) does not yet. That is not
 * "no such group": the read waits for every read model to apply what the access model had, and
 * reads again; past the read's wait it is a 503 `position_not_reached` (retry), never a 404 for a
 * group the caller may see.
 *
 * @module
 */
import { problem, ProblemError, type Sql } from "@kopek/platform";
import { accessProjection, checkpointPosition } from "@kopek/projector";
import type { PositionWaiter } from "./position_waiter.ts";

/** What {@linkcode knownGroup} needs. */
export interface KnownGroupDeps {
  readonly sql: Sql;
  /** Waits for every projection's checkpoint on `sql`. */
  readonly waiter: PositionWaiter;
  /** How long a read may wait (`Kopek-Min-Position`'s bound, default 2,000 ms). */
  readonly minPositionTimeoutMs?: number;
}

/**
 * `read()`'s answer; when it is null (or undefined) the read models are waited for up to the read's
 * bound and it is read once more; still nothing, a 503 `position_not_reached`.
 */
export async function knownGroup<T>(
  deps: KnownGroupDeps,
  read: () => Promise<T | null | undefined>,
): Promise<T> {
  const first = await read();
  if (first !== null && first !== undefined) return first;
  const known = await checkpointPosition(deps.sql, [accessProjection.name]);
  if (await deps.waiter.waitFor(known, deps.minPositionTimeoutMs ?? 2_000)) {
    const again = await read();
    if (again !== null && again !== undefined) return again;
  }
  throw new ProblemError(
    problem(503, "the read models have not caught up with this group yet: retry", {
      code: "position_not_reached",
    }),
    { "Retry-After": "1" },
  );
}
