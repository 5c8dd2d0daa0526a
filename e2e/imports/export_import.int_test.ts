/**
 * Issue 7's round trip: a group with thousands of events of every type →
 * `export.sql` → `psql -f` into an empty database → import into a second
 * Kopek → the same balances and expense list (by member name), and
 * `verify` passes on both; tampered dumps are refused and leave nothing
 * behind; a row changed in the database by a superuser is found by
 * `verify` (HTTP and `kopek verify`) at its position.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { createHash } from "node:crypto";
import { collectSqlDump } from "@kopek/eventstore";
import { busyGroup, importDump, KopekClient, spawnTask, startForTest } from "@kopek/testing";

/** Thousands of writes in seconds: the per-user write limit would refuse them. */
const NO_LIMITS = { KOPEK_RATE_LIMITS: "off" };

type Money = { amount: string; currency: string };
type Line = { memberId: string; amount: string };

async function text(res: Response): Promise<string> {
  if (res.status !== 200) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return await res.text();
}

async function exportSql(base: string, token: string, groupId: string) {
  return await fetch(`${base}/v1/groups/${groupId}/export.sql`, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/**
 * Waits (generously: the machine may be busy) until the read models applied
 * `position`: a read with `Kopek-Min-Position` answers 503 while they lag.
 */
async function caughtUp(api: KopekClient, groupId: string, position: number) {
  for (let i = 0;; i++) {
    const res = await api.get(`/v1/groups/${groupId}`, { "kopek-min-position": String(position) });
    if (res.status === 200) return;
    if (i >= 60) throw new Error(`read models still behind position ${position}: ${res.status}`);
  }
}

/** Balances keyed by member name. */
async function balancesByName(api: KopekClient, groupId: string) {
  const group = (await api.get(`/v1/groups/${groupId}`)).body as {
    members: { id: string; name: string }[];
  };
  const names = new Map(group.members.map((m) => [m.id, m.name]));
  const b = (await api.get(`/v1/groups/${groupId}/balances`)).body as {
    currency: string;
    members: { memberId: string; paid: Money; owed: Money; balance: Money }[];
  };
  return {
    currency: b.currency,
    members: Object.fromEntries(
      b.members.map((
        m,
      ) => [names.get(m.memberId), [m.paid.amount, m.owed.amount, m.balance.amount]]),
    ),
  };
}

/** Every expense, with members by name, in list order. */
async function expensesByName(api: KopekClient, groupId: string) {
  const group = (await api.get(`/v1/groups/${groupId}`)).body as {
    members: { id: string; name: string }[];
  };
  const names = new Map(group.members.map((m) => [m.id, m.name]));
  const who = (lines: Line[]) => lines.map((l) => `${names.get(l.memberId)}=${l.amount}`).join(",");
  const out: string[] = [];
  let cursor: string | null = null;
  do {
    const page = (await api.get(
      `/v1/groups/${groupId}/expenses?kind=all&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
    )).body as { items: Record<string, unknown>[]; nextCursor: string | null };
    for (const e of page.items) {
      out.push(
        e.kind === "expense"
          ? [
            e.date,
            e.description,
            e.category,
            e.note,
            JSON.stringify(e.total),
            JSON.stringify(e.converted),
            who(e.paid as Line[]),
            who(e.shares as Line[]),
          ].join("|")
          : [
            e.date,
            "settlement",
            names.get(e.from as string),
            names.get(e.to as string),
            JSON.stringify(e.amount),
          ]
            .join("|"),
      );
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

Deno.test("export.sql → psql -f → import into another Kopek: same ledger, verify passes on both", async () => {
  await using source = await createTestDatabase();
  await using target = await createTestDatabase();
  await using empty = await createTestDatabase();
  const one = await startForTest(source.url, NO_LIMITS);
  const two = await startForTest(target.url, NO_LIMITS);
  try {
    const api1 = new KopekClient(one.url);
    const { client: ana } = await api1.register("ana@example.com", "Ana");
    const { client: bob } = await api1.register("bob@example.com", "Bob");
    const built = await busyGroup(ana, bob, 3000);
    const seen = { "kopek-min-position": String(built.position) };
    const events = (await ana.get(`/v1/groups/${built.groupId}/verify`, seen)).body;
    assert.equal(events.ok, true);
    assert.ok((events.events as number) >= 3000, `only ${events.events} events`);
    const types = new Set<string>();
    let listed = 0;
    for (let query = "after=0&limit=500";;) {
      const page = (await ana.get(`/v1/groups/${built.groupId}/events?${query}`)).body as {
        items: { type: string; position: number; version: number }[];
        nextCursor: string | null;
      };
      page.items.forEach((e) => {
        types.add(e.type);
        assert.equal(e.version, ++listed, "every event once, in version order");
      });
      if (page.nextCursor === null) break;
      query = `cursor=${page.nextCursor}&limit=500`;
    }
    assert.equal(listed, events.events);
    assert.deepEqual([...types].sort(), [
      "ExpenseAmended",
      "ExpenseRecorded",
      "ExpenseVoided",
      "GroupCreated",
      "GroupRenamed",
      "InviteAccepted",
      "InviteCreated",
      "MemberAdded",
      "MemberClaimed",
      "MemberDeactivated",
      "MemberRenamed",
      "MemberRoleChanged",
      "SettlementRecorded",
      "SettlementVoided",
    ]);

    // The dump: streamed, an attachment, self-contained.
    const res = await exportSql(
      one.url,
      ana.token!,
      built.groupId,
    );
    assert.equal(res.headers.get("content-type"), "application/sql; charset=utf-8");
    assert.match(
      res.headers.get("content-disposition") ?? "",
      /^attachment; filename="kopek-Long-trip-2026-\d{4}-\d\d-\d\d\.sql"$/,
    );
    const dump = await text(res);
    const file = await Deno.makeTempFile({ suffix: ".sql" });
    try {
      await Deno.writeTextFile(file, dump);
      const psql = await new Deno.Command("psql", {
        args: ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", empty.url, "-f", file],
        stdout: "piped",
        stderr: "piped",
      }).output();
      assert.equal(psql.code, 0, new TextDecoder().decode(psql.stderr));
    } finally {
      await Deno.remove(file);
    }
    const [restored] = await empty.sql`
      SELECT (SELECT count(*)::int FROM kopek_events) AS n,
             (SELECT events::int FROM kopek_dump) AS said,
             (SELECT hash FROM kopek_events ORDER BY position DESC LIMIT 1) AS head`;
    assert.deepEqual({ ...restored }, {
      n: events.events,
      said: events.events,
      head: events.headHash,
    });

    // Imported into a second instance, by another account, as a new group.
    const api2 = new KopekClient(two.url);
    const { client: zoe } = await api2.register("zoe@example.com", "Zoe");
    const imported = await importDump(zoe, dump);
    assert.equal(imported.status, "done", JSON.stringify(imported));
    const [group] = imported.groups as { id: string; name: string }[];
    assert.equal(group.name, "Long trip 2026");
    assert.notEqual(group.id, built.groupId);
    await caughtUp(zoe, group.id, imported.position as number);
    assert.deepEqual(
      await balancesByName(zoe, group.id),
      await balancesByName(ana, built.groupId),
    );
    const list1 = await expensesByName(ana, built.groupId);
    assert.ok(list1.length > 2000);
    assert.deepEqual(await expensesByName(zoe, group.id), list1);
    const verify2 = (await zoe.get(`/v1/groups/${group.id}/verify`)).body;
    assert.equal(verify2.ok, true);
    assert.equal((await ana.get(`/v1/groups/${built.groupId}/verify`)).body.ok, true);
    // The owner of the import is Zoe; Ana's account does not exist there.
    const me = (await zoe.get(`/v1/groups/${group.id}`)).body as {
      members: { name: string; userId: string | null; role: string }[];
    };
    assert.deepEqual(me.members.filter((m) => m.userId !== null).map((m) => [m.name, m.role]), [[
      "Ana",
      "owner",
    ]]);
  } finally {
    await one.stop();
    await two.stop();
  }
});

/** Rewrites a dump's rows and recomputes its checksum, as a forger who knows the format would. */
function reseal(dump: string, edit: (rows: string[]) => string[]): string {
  const start = dump.indexOf("FROM stdin;\n") + "FROM stdin;\n".length;
  const end = dump.lastIndexOf("\n\\.\n") + 1;
  const rows = edit(dump.slice(start, end).split("\n").slice(0, -1));
  const body = dump.slice(0, start) + rows.map((r) => r + "\n").join("") + "\\.\n";
  const sum = createHash("sha256").update(body, "utf8").digest("hex");
  return body + dump.slice(end + 3)
    .replace(/'sha256:[0-9a-f]{64}'/, `'sha256:${sum}'`)
    .replace(/, \d+, 'sha256/, `, ${rows.length}, 'sha256`);
}

Deno.test("tampered dumps are refused with a clear error and leave nothing behind; verify finds a changed row", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, NO_LIMITS);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: bob } = await api.register("bob@example.com", "Bob");
    const built = await busyGroup(ana, bob, 60);
    const token = ana.token!;
    await ana.get(`/v1/groups/${built.groupId}`, { "kopek-min-position": String(built.position) });
    const dump = await text(await exportSql(running.url, token, built.groupId));
    const head = async () => Number((await db.sql`SELECT max(position) AS p FROM events`)[0].p);
    const before = await head();
    const post = (body: string) => importDump(ana, body);

    const at = dump.indexOf("ExpenseRecorded") + 3;
    const flipped = dump.slice(0, at) + String.fromCharCode(dump.charCodeAt(at) ^ 0x20) +
      dump.slice(at + 1);
    const cases: [string, string, string, RegExp][] = [
      ["one byte altered", flipped, "dump.checksum_mismatch", /was altered/],
      [
        "two events swapped",
        reseal(dump, (r) => [r[0], r[1], r[3], r[2], ...r.slice(4)]),
        "dump.broken_chain",
        /position \d+ .*version gap/,
      ],
      [
        "an event removed",
        reseal(dump, (r) => [...r.slice(0, 10), ...r.slice(11)]),
        "dump.broken_chain",
        /version gap/,
      ],
      [
        "an amount changed",
        reseal(
          dump,
          (r) =>
            r.map((row, i) => i === 20 ? row.replace(/"amount":"(\d+)/, '"amount":"9$1') : row),
        ),
        "dump.broken_chain",
        /hash mismatch/,
      ],
      [
        "no trailer",
        dump.slice(0, dump.lastIndexOf("INSERT INTO kopek_dump")),
        "dump.not_a_dump",
        /trailer/,
      ],
    ];
    for (const [what, body, code, detail] of cases) {
      const job = await post(body);
      assert.equal(job.status, "refused", `${what}: ${JSON.stringify(job)}`);
      const problem = job.problem as { status: number; code: string; detail: string };
      assert.equal(problem.status, 422, what);
      assert.equal(problem.code, code, what);
      assert.match(problem.detail, detail, what);
    }
    assert.equal((await post("")).status, "refused");
    const wrongType = await ana.request("POST", "/v1/imports", dump, {
      "content-type": "text/plain",
    });
    assert.equal(wrongType.status, 415);
    assert.equal(await head(), before, "a refused import appended nothing");

    // The CLI twin writes the same history: one group, or every group, to stdout.
    const env = { KOPEK_DATABASE_URL: db.url, KOPEK_DATA_DIR: "/tmp/kopek-unused" };
    for (const args of [["export", "--group", built.groupId], ["export", "--all"]]) {
      const out = await spawnTask("kopek", env, { extraArgs: args }).output();
      assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
      const read = await collectSqlDump(out.stdout);
      const streams = new Set(read.list.map((e) => e.stream));
      assert.ok(streams.has(`group-${built.groupId}`), args.join(" "));
      assert.ok([...streams].every((s) => s.startsWith("group-")), args.join(" "));
    }
    // A superuser changes a stored event behind Kopek's back (the append-only trigger bypassed).
    const [victim] = await db.sql`
      SELECT position FROM events WHERE stream = ${
      "group-" + built.groupId
    } AND type = 'ExpenseRecorded'
      ORDER BY version LIMIT 1 OFFSET 5`;
    await db.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE events SET data = jsonb_set(data, '{description}', '"forged"') WHERE position = ${victim.position}`;
    });
    const verify = (await ana.get(`/v1/groups/${built.groupId}/verify`)).body;
    assert.equal(verify.ok, false);
    assert.equal(verify.firstBadPosition, Number(victim.position));
    assert.equal(verify.fault, "hash_mismatch");
    // The CLI twin, as its task runs it: exit 1, naming the position.
    for (const args of [["verify", "--group", built.groupId], ["verify"]]) {
      const child = spawnTask("kopek", {
        KOPEK_DATABASE_URL: db.url,
        KOPEK_DATA_DIR: "/tmp/kopek-unused",
      }, {
        extraArgs: args,
      });
      const out = await child.output();
      const said = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 1, said);
      assert.match(
        said,
        new RegExp(
          `first bad event is at position ${victim.position} \\(group-${built.groupId}\\): hash mismatch`,
        ),
      );
    }
    // The dump's content comes from the event store: without the group in the groups read model
    // (a lagging or rebuilt one) it is the same, its name read from the history.
    await db.sql`DELETE FROM rm_groups WHERE group_id = ${built.groupId}`;
    const withoutReadModel = await exportSql(running.url, token, built.groupId);
    assert.match(
      withoutReadModel.headers.get("content-disposition") ?? "",
      /kopek-Long-trip-2026-/,
    );
    assert.match(await text(withoutReadModel), /ExpenseRecorded/);
    // A dump of the tampered history is refused on import too.
    const tampered = await text(await exportSql(running.url, token, built.groupId));
    const refused = await post(tampered);
    assert.equal((refused.problem as { code: string }).code, "dump.broken_chain");
  } finally {
    await running.stop();
  }
});
