import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { PROBE_MS } from "@kopek/platform";
import { create, ctx, meta, rename } from "./_plans_testing.ts";
import { appends, noticesPublished, setUp, startProcess } from "./_notices_testing.ts";

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
