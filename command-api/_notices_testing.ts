/**
 * Test kit of the group notices' integration tests (ADR 0075): command processes, each with its own
 * Valkey connection (counted as a service process counts it), metrics, group cache and notices, on
 * one PostgreSQL database.
 *
 * @module
 */
import { v7 as uuidv7 } from "uuid";
import { Registry } from "prom-client";
import {
  createPostgresEventStore,
  type EventStore,
  instrumentEventStore,
  migrate,
} from "@kopek/eventstore";
import {
  createGroupNotices,
  createLogger,
  createValkeyBus,
  GROUP_APPENDED_CHANNEL,
  type GroupNotices,
  instrumentBus,
  type KeyValueBus,
} from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { testValkeyUrl } from "../platform/cache/_testing.ts";
import { createGroupRepository, type GroupRepository } from "./group_repository.ts";

/** A counter's value on a process's registry, for the series whose `label` is `value`. */
export async function counted(registry: Registry, name: string, label: string, value: string) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, string>; value: number }[];
  return values.find((v) => v.labels[label] === value)?.value ?? 0;
}

/** Appends by outcome on a process's registry (`kopek_eventstore_appends_total`). */
export function appends(registry: Registry, outcome: string): Promise<number> {
  return counted(registry, "kopek_eventstore_appends_total", "outcome", outcome);
}

/** Messages the process published on the notices' channel (`kopek_bus_messages_published_total`). */
export function noticesPublished(registry: Registry): Promise<number> {
  return counted(registry, "kopek_bus_messages_published_total", "channel", GROUP_APPENDED_CHANNEL);
}

/** One command process: its own bus connection, metrics, group cache and notices. */
export interface Process extends AsyncDisposable {
  readonly groups: GroupRepository;
  readonly registry: Registry;
  readonly notices: GroupNotices;
  /** Resolves once this process heard that `groupId` reached `version`. */
  heard(groupId: string, version: number): Promise<void>;
}

/**
 * Starts a process as `createCommandApi` wires one; with `follow: false` it hears nothing (a
 * process whose notices are lost, or a writer that only announces: the scheduler, the imports).
 */
export async function startProcess(
  store: EventStore,
  prefix: string,
  options: { follow: boolean; now?: () => number },
): Promise<Process> {
  const registry = new Registry();
  // The real connection, its publishes counted as in a service process.
  const bus: KeyValueBus = instrumentBus(
    await createValkeyBus(testValkeyUrl(), { logger: createLogger({ level: "silent" }), prefix }),
    registry,
  );
  const notices = createGroupNotices(bus, { now: options.now });
  const groups = createGroupRepository(instrumentEventStore(store, registry), {
    newId: uuidv7,
    onGroupAppended: notices.announce,
  });
  const waiting: { groupId: string; version: number; done: () => void }[] = [];
  const heard = new Map<string, number>();
  // Wired as createCommandApi wires it; a process that does not follow loses every notice.
  if (options.follow) {
    await notices.follow((groupId, version) => {
      groups.noticed(groupId, version);
      heard.set(groupId, Math.max(version, heard.get(groupId) ?? 0));
      for (const w of waiting.splice(0)) {
        if (w.groupId === groupId && w.version <= version) w.done();
        else waiting.push(w);
      }
    });
  }
  return {
    groups,
    registry,
    notices,
    heard(groupId, version) {
      if ((heard.get(groupId) ?? 0) >= version) return Promise.resolve();
      return new Promise((done) => waiting.push({ groupId, version, done }));
    },
    async [Symbol.asyncDispose]() {
      await notices.settled();
      await bus.close();
    },
  };
}

/** A migrated test database, its store, and a Valkey prefix of its own. */
export async function setUp() {
  const db = await createTestDatabase("kopek_notices");
  await migrate(db.sql);
  return { db, store: createPostgresEventStore(db.sql), prefix: `kopek-notices-${uuidv7()}:` };
}
