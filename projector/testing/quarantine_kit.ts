/**
 * Helpers of the fault isolation tests (`quarantine*.int_test.ts`, ADR 0016): groups and
 * their writes, the three poisons, the quarantine as rows, a failing round, a capturing logger.
 *
 * @module
 */
import type { EventStore } from "@kopek/eventstore";
import { connect, createLogger, type Sql } from "@kopek/platform";
import { PROJECTION_NAMES } from "../projections/mod.ts";
import { listQuarantine } from "../quarantine.ts";
import { createSimGroup, nextEvents, rng, type SimGroup, toNewEvents } from "./builder.ts";
import { appendOverflow, appendUnrecorded, appendWithAt, unreadableEvent } from "./poison.ts";
import { appendTo } from "./setup.ts";

/** Every projection's name, sorted. */
export const ALL = [...PROJECTION_NAMES].sort();

/** A pool of its own on the test database. */
export function ownPool(url: string, applicationName?: string): Sql {
  return connect(url, { max: 4, applicationName });
}

/**
 * Runs rounds until one fails, and answers its error (a round applies nothing
 * while another transaction of the server holds the log's horizon back).
 */
export async function failingRound(
  projector: { runOnce(): Promise<number> },
): Promise<Error & { code?: string }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const failed = await projector.runOnce().then(() => null, (e) => e);
    if (failed) return failed;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("no round failed in time");
}

/** Creates `n` groups and appends their creation. */
export async function newGroups(store: EventStore, n: number, members = 3): Promise<SimGroup[]> {
  const groups: SimGroup[] = [];
  for (let i = 0; i < n; i++) {
    const { group, events } = createSimGroup({ members });
    await store.append({
      stream: group.stream,
      expectedVersion: 0,
      events: toNewEvents(events, group.ownerUserId),
    });
    groups.push(group);
  }
  return groups;
}

/** Appends `n` random valid operations to each group; answers the last position. */
export async function writeSome(store: EventStore, groups: SimGroup[], n: number, seed: number) {
  const random = rng(seed);
  let last = 0;
  for (let i = 0; i < n; i++) {
    for (const g of groups) last = Math.max(last, await appendTo(store, g, nextEvents(g, random)));
  }
  return last;
}

/** The quarantine as `projection stream position` triples, sorted. */
export async function quarantined(sql: Sql) {
  return (await listQuarantine(sql)).map((q) => `${q.projection} ${q.stream} ${q.position}`)
    .sort();
}

/** The expected quarantine rows of `[projections, group, position]` entries, sorted. */
export function rows(entries: [string[], SimGroup, number][]) {
  return entries.flatMap(([names, g, position]) =>
    names.map((name) => `${name} ${g.stream} ${position}`)
  ).sort();
}

/** The three poisons of the issue, each in its own group; answers where each stopped. */
export async function poisonThree(store: EventStore, [a, b, c]: SimGroup[], random: () => number) {
  const at2026 = await appendWithAt(store, a, random, "2026");
  await appendOverflow(store, b);
  const overflow = await appendOverflow(store, b);
  const unreadable = await appendUnrecorded(store, c, [unreadableEvent()]);
  return { at2026, overflow, unreadable };
}

/** A logger that keeps its lines (JSON objects). */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: "info",
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  });
  return { logger, lines };
}
