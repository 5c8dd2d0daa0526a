/**
 * `kopek quarantine list|retry|skip`, run as its deno.json task runs it,
 * against streams an in-process projector quarantined: one the shipped code
 * applies (a bug of an older release, fixed: retry lifts it) and one whose
 * event does not parse (retry fails again; skip lifts it, recorded).
 */
import assert from "node:assert/strict";
import { createPostgresEventStore, migrate } from "@kopek/eventstore";
import { createTestDatabase } from "@kopek/platform/testing";
import {
  createProjector,
  listQuarantine,
  listSkipped,
  type Projection,
  PROJECTION_NAMES,
  PROJECTIONS,
  projectorMigrate,
} from "@kopek/projector";
import {
  appendTo,
  appendUnrecorded,
  assertReadModels,
  createSimGroup,
  drain,
  nextEvents,
  quietLogger,
  rng,
  toNewEvents,
  unreadableEvent,
} from "@kopek/projector/testing";
import { spawnTask, startForTest } from "@kopek/testing";

async function kopek(databaseUrl: string, dataDir: string, args: string[]) {
  const child = spawnTask("kopek", {
    KOPEK_DATABASE_URL: databaseUrl,
    KOPEK_DATA_DIR: dataDir,
    KOPEK_LOG_LEVEL: "fatal",
  }, { extraArgs: ["quarantine", ...args] });
  const out = await child.output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** The shipped projections, but balances of an older release that threw on some expenses. */
function withOldBalances(): Projection[] {
  return PROJECTIONS.map((p) =>
    p.name !== "balances" ? p : {
      ...p,
      async apply(tx, events) {
        if (events.some((e) => e.event.type === "ExpenseAmended")) {
          throw new TypeError("cannot read properties of undefined (reading 'revision')");
        }
        await p.apply(tx, events);
      },
    }
  );
}

Deno.test("kopek quarantine lists, retries after a fix, and skips one event on record", async () => {
  await using db = await createTestDatabase("kopek_quarantine_cli");
  const dataDir = await Deno.makeTempDir({ prefix: "kopek-quarantine-" });
  try {
    await migrate(db.sql);
    await projectorMigrate(db.sql);
    const store = createPostgresEventStore(db.sql);
    const groups = [createSimGroup(), createSimGroup()];
    for (const { group, events } of groups) {
      await store.append({
        stream: group.stream,
        expectedVersion: 0,
        events: toNewEvents(events, group.ownerUserId),
      });
    }
    const [fixed, forged] = groups.map((g) => g.group);
    const random = rng(21);
    // `fixed` gets expenses and, sooner or later, an amend (the old release's bug).
    let amendAt = 0;
    while (amendAt === 0 || fixed.version < 20) {
      const events = nextEvents(fixed, random);
      const at = await appendTo(store, fixed, events);
      if (amendAt === 0 && events[0].type === "ExpenseAmended") amendAt = at;
    }
    await appendTo(store, forged, nextEvents(forged, random));
    const badAt = await appendUnrecorded(store, forged, [unreadableEvent()]);
    let last = 0;
    for (let i = 0; i < 4; i++) last = await appendTo(store, forged, nextEvents(forged, random));
    const projector = createProjector({
      sql: db.sql,
      store,
      logger: quietLogger(),
      projections: withOldBalances(),
    });
    await drain(projector, db.sql, Math.max(last, amendAt));
    const quarantined = await listQuarantine(db.sql);
    assert.deepEqual(
      quarantined.map((q) => `${q.projection} ${q.stream} ${q.position}`).sort(),
      [
        `balances ${fixed.stream} ${amendAt}`,
        ...PROJECTION_NAMES.map((n) => `${n} ${forged.stream} ${badAt}`),
      ].sort(),
    );

    // list: a table with the projection, stream, position, type, since and error.
    const list = await kopek(db.url, dataDir, ["list"]);
    assert.equal(list.code, 0, list.stderr);
    const lines = list.stdout.trim().split("\n");
    assert.match(lines[0], /^PROJECTION\s+STREAM\s+POSITION\s+TYPE\s+SINCE\s+ATTEMPTS\s+ERROR$/);
    assert.equal(lines.length, 1 + quarantined.length);
    assert.ok(
      lines.some((l) =>
        new RegExp(
          `^balances\\s+${fixed.stream}\\s+${amendAt}\\s+ExpenseAmended\\s+\\S+Z\\s+1\\s+TypeError`,
        ).test(l)
      ),
      list.stdout,
    );
    assert.ok(lines.some((l) => l.includes(forged.stream) && l.includes("GroupRenamed")));

    // retry with the shipped (fixed) balances: applied in order, lifted.
    const retried = await kopek(db.url, dataDir, ["retry", fixed.groupId]);
    assert.equal(retried.code, 0, retried.stdout + retried.stderr);
    assert.match(
      retried.stdout,
      new RegExp(`balances ${fixed.stream}: retried, \\d+ events applied, quarantine lifted`),
    );
    await assertReadModels(db.sql, [fixed]);

    // retry of the forged stream: still unreadable, exit 1, attempts counted.
    const again = await kopek(db.url, dataDir, ["retry", forged.stream, "--projection", "groups"]);
    assert.equal(again.code, 1, again.stdout + again.stderr);
    assert.match(again.stderr, /still quarantined at position \d+ \(GroupRenamed, attempt 2\)/);

    // /readyz of a running Kopek names the quarantine and stays ready: every other group is current.
    const running = await startForTest(db.url);
    try {
      const res = await fetch(`${running.url}/readyz`);
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      const check = body.checks.find((c: { name: string }) => c.name === "projector");
      assert.deepEqual(check, {
        name: "projector",
        critical: true,
        ok: true,
        detail: "lag 0 events; 1 stream quarantined (kopek quarantine list)",
      });
    } finally {
      await running.stop();
    }

    // skip: only the quarantined event, on record; the later events are applied after it.
    const wrong = await kopek(db.url, dataDir, [
      "skip",
      forged.stream,
      "--position",
      String(badAt + 1),
      "--by",
      "ops",
    ]);
    assert.equal(wrong.code, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stderr, /only the event it stopped at can be skipped/);
    const skipped = await kopek(db.url, dataDir, [
      "skip",
      forged.stream,
      "--position",
      String(badAt),
      "--by",
      "ana@example.com",
      "--reason",
      "forged rename in an import",
    ]);
    assert.equal(skipped.code, 0, skipped.stdout + skipped.stderr);
    assert.equal(skipped.stdout.trim().split("\n").length, PROJECTION_NAMES.length);
    assert.match(
      skipped.stdout,
      /skipped by ana@example\.com, 4 events applied, quarantine lifted/,
    );
    await assertReadModels(db.sql, [fixed, forged]);
    assert.equal(
      (await listSkipped(db.sql)).filter((s) => s.decidedBy === "ana@example.com").length,
      PROJECTION_NAMES.length,
    );

    const empty = await kopek(db.url, dataDir, ["list"]);
    assert.equal(empty.stdout.trim(), "no stream is quarantined");
    const decisions = await kopek(db.url, dataDir, ["list", "--skipped"]);
    assert.equal(decisions.code, 0);
    assert.match(
      decisions.stdout,
      /^PROJECTION\s+STREAM\s+POSITION\s+TYPE\s+DECIDED\s+BY\s+REASON/,
    );
    assert.match(decisions.stdout, /ana@example\.com \(\S+\)\s+forged rename in an import/);
    const none = await kopek(db.url, dataDir, ["retry", "--all"]);
    assert.deepEqual([none.code, none.stdout.trim()], [0, "no stream is quarantined"]);

    // Bad command lines: exit 2 with the usage, before touching the database.
    for (
      const args of [[], ["retry"], ["skip", forged.stream], [
        "retry",
        "--all",
        "--projection",
        "x",
      ]]
    ) {
      const bad = await kopek(db.url, dataDir, args);
      assert.equal(bad.code, 2, `${args.join(" ")}: ${bad.stdout}${bad.stderr}`);
      assert.match(bad.stdout + bad.stderr, /usage: kopek quarantine list/);
    }
    const unknown = await kopek(db.url, dataDir, ["retry", "not-a-stream"]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /is not a group stream/);
  } finally {
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
});
