import assert from "node:assert/strict";
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
  PROBE_MS,
} from "@kopek/platform";
import { createTestDatabase } from "@kopek/platform/testing";
import { testValkeyUrl } from "../platform/cache/_testing.ts";
import { createGroupRepository, type GroupRepository } from "./group_repository.ts";
import { create, ctx, meta, rename } from "./_plans_testing.ts";

/** A counter's value on a process's registry, for the series whose `label` is `value`. */
async function counted(registry: Registry, name: string, label: string, value: string) {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const values = (metric?.values ?? []) as { labels: Record<string, string>; value: number }[];
  return values.find((v) => v.labels[label] === value)?.value ?? 0;
}

/** Appends by outcome on a process's registry (`kopek_eventstore_appends_total`). */
function appends(registry: Registry, outcome: string): Promise<number> {
  return counted(registry, "kopek_eventstore_appends_total", "outcome", outcome);
}

/** Messages the process published on the notices' channel (`kopek_bus_messages_published_total`). */
function noticesPublished(registry: Registry): Promise<number> {
  return counted(registry, "kopek_bus_messages_published_total", "channel", GROUP_APPENDED_CHANNEL);
}

/** One command process: its own bus connection, metrics, group cache and notices. */
interface Process extends AsyncDisposable {
  readonly groups: GroupRepository;
  readonly registry: Registry;
  readonly notices: GroupNotices;
  /** Resolves once this process heard that `groupId` reached `version`. */
  heard(groupId: string, version: number): Promise<void>;
}

async function startProcess(
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

async function setUp() {
  const db = await createTestDatabase("kopek_notices");
  await migrate(db.sql);
  return { db, store: createPostgresEventStore(db.sql), prefix: `kopek-notices-${uuidv7()}:` };
}

Deno.test({
  name:
    "two processes on PostgreSQL and Valkey: after A appends, B's next command on the group appends once, without a conflict",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { db, store, prefix } = await setUp();
    await using _db = db;
    await using a = await startProcess(store, prefix, { follow: true });
    await using b = await startProcess(store, prefix, { follow: true });
    const g = uuidv7();
    assert.equal((await a.groups.execute(g, ctx, meta(), create(g))).answer, 2);
    await b.heard(g, 2); // B does not hold the group yet: nothing to mark
    assert.equal((await b.groups.execute(g, ctx, meta(), rename("B"))).answer, "B@3");
    await a.heard(g, 3);
    assert.equal((await a.groups.execute(g, ctx, meta(), rename("A"))).answer, "A@4");
    // Both held the group, and each wrote after the other: no append failed its version check.
    await b.heard(g, 4);
    assert.equal((await b.groups.execute(g, ctx, meta(), rename("B2"))).answer, "B2@5");
    for (const p of [a, b]) assert.equal(await appends(p.registry, "version_conflict"), 0);
    assert.equal(await appends(a.registry, "appended"), 2);
    assert.equal(await appends(b.registry, "appended"), 2);
    assert.equal((await a.groups.current(g)).name, "B2");
  },
});

Deno.test({
  name:
    "two processes, notices lost: B's stale fold fails its append once, reads the stream and succeeds",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { db, store, prefix } = await setUp();
    await using _db = db;
    await using a = await startProcess(store, prefix, { follow: true });
    await using b = await startProcess(store, prefix, { follow: false });
    const g = uuidv7();
    await a.groups.execute(g, ctx, meta(), create(g));
    assert.equal((await b.groups.execute(g, ctx, meta(), rename("B"))).answer, "B@3");
    await a.heard(g, 3);
    assert.equal((await a.groups.execute(g, ctx, meta(), rename("A"))).answer, "A@4");
    await a.notices.settled(); // published; B does not listen
    assert.equal((await b.groups.execute(g, ctx, meta(), rename("B2"))).answer, "B2@5");
    assert.equal(await appends(b.registry, "version_conflict"), 1);
    assert.equal(await appends(b.registry, "appended"), 2);
    assert.equal(await appends(a.registry, "version_conflict"), 0);
  },
});

Deno.test({
  name:
    "a lone process stops announcing; once a second one follows, the first announces again from its next probe, and the second appends without a conflict",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const { db, store, prefix } = await setUp();
    await using _db = db;
    let t = 0; // A's clock: the probe's bound without waiting for it
    await using a = await startProcess(store, prefix, { follow: true, now: () => t });
    const g = uuidv7();
    await a.groups.execute(g, ctx, meta(), create(g));
    await a.notices.settled();
    for (const name of ["A1", "A2", "A3"]) {
      await a.groups.execute(g, ctx, meta(), rename(name));
      await a.notices.settled();
    }
    // Valkey answered the first publish with 1 (A's own subscription): the next three went unsaid.
    assert.equal(await noticesPublished(a.registry), 1);
    await using b = await startProcess(store, prefix, { follow: true });
    assert.equal((await b.groups.execute(g, ctx, meta(), rename("B"))).answer, "B@6");
    await a.heard(g, 6);
    t += PROBE_MS; // A's probe is due
    assert.equal((await a.groups.execute(g, ctx, meta(), rename("A"))).answer, "A@7");
    await b.heard(g, 7);
    assert.equal((await b.groups.execute(g, ctx, meta(), rename("B2"))).answer, "B2@8");
    await a.heard(g, 8);
    assert.equal((await a.groups.execute(g, ctx, meta(), rename("A2"))).answer, "A2@9");
    await b.heard(g, 9); // A announces every append again
    assert.equal(await noticesPublished(a.registry), 3);
    for (const p of [a, b]) assert.equal(await appends(p.registry, "version_conflict"), 0);
    assert.equal((await b.groups.current(g)).name, "A2");
  },
});
