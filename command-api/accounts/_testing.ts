/**
 * Test helpers of the account operations: the command side's dependencies
 * over a fresh in-memory event store, with a cheap password hash, and what
 * they announced.
 *
 * @module
 */
import type { SessionsEnded } from "@kopek/platform";
import type { CommandApiDeps } from "../deps.ts";
import { memoryDeps } from "../_memory_testing.ts";
import { type AccountStreams, createAccountStreams } from "./streams.ts";

/** Account streams on a fresh store, and every `onSessionsEnded` and `onAppended` call. */
export interface AccountKit {
  readonly streams: AccountStreams;
  readonly ended: SessionsEnded[];
  /** How many appends were announced. */
  readonly appended: { count: number };
}

/** Creates account streams on a fresh in-memory store; `deps` overrides dependencies. */
export function accountKit(deps: Partial<CommandApiDeps> = {}): AccountKit {
  const ended: SessionsEnded[] = [];
  const appended = { count: 0 };
  const streams = createAccountStreams(memoryDeps({
    onSessionsEnded: (e) => ended.push(e),
    onAppended: () => appended.count++,
    ...deps,
  }));
  return { streams, ended, appended };
}

/** A unique email address. */
export function newEmail(): string {
  return `ana-${crypto.randomUUID()}@example.com`;
}
