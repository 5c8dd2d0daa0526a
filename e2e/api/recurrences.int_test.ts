/**
 * Recurring expenses end to end on real PostgreSQL (ADR 0051): the group's
 * time zone, setting up, the list with its upcoming occurrences, skip,
 * pause, resume, stop, the refusals; and two schedulers on one database
 * (the all-in-one's and one more, as `serve:scheduler` would run) recording
 * the due occurrences exactly once.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { connect, createLogger, openBus } from "@kopek/platform";
import { createPostgresEventStore } from "@kopek/eventstore";
import { occurrenceExpenseId } from "@kopek/domain";
import { composeScheduler } from "@kopek/scheduler";
import { KopekClient, startForTest } from "@kopek/testing";

const DAY = 86_400_000;
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

Deno.test("recurring expenses: set up, list, skip, pause, stop; two schedulers record each occurrence once", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_SCHEDULER_INTERVAL_MS: "200" });
  const sql = connect(db.url, { max: 2 });
  const logger = createLogger({ level: "silent" });
  const bus = await openBus(undefined, logger);
  const other = composeScheduler({ KOPEK_SCHEDULER_INTERVAL_MS: 150 }, {
    sql,
    logger,
    metrics: undefined,
    bus,
    store: createPostgresEventStore(sql),
  });
  other.start();
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: eve } = await api.register("eve@example.com", "Eve");
    const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const g = group.body.id;
    const me = group.body.memberId;
    // UTC keeps "today" the same for the test and the server.
    const zone = await ana.patch(`/v1/groups/${g}`, { timeZone: "Mars/Olympus" });
    assert.equal(zone.status, 422);
    const utc = await ana.patch(`/v1/groups/${g}`, { timeZone: "Etc/UTC" });
    assert.equal(utc.status, 200);
    const shown = await ana.get(`/v1/groups/${g}`, {
      "Kopek-Min-Position": String(utc.body.position),
    });
    assert.equal(shown.body.timeZone, "Etc/UTC");

    const template = {
      description: "Rent",
      total: { amount: "10.00", currency: "EUR" },
      paidBy: [{ memberId: me, amount: "10.00" }],
      split: { mode: "equal", shares: [{ memberId: me }] },
    };
    const now = Date.now();
    const start = dateOf(now - 2 * DAY);
    const tooOld = await ana.post(`/v1/groups/${g}/recurrences`, {
      rule: { freq: "daily" },
      start: dateOf(now - 400 * DAY),
      template,
    });
    assert.equal(tooOld.status, 422);
    assert.equal(tooOld.body.code, "recurrence.start_range");
    assert.equal(
      (await eve.post(`/v1/groups/${g}/recurrences`, { rule: { freq: "daily" }, start, template }))
        .status,
      404,
    );
    const created = await ana.post(`/v1/groups/${g}/recurrences`, {
      rule: { freq: "daily", count: 6 },
      start,
      template,
    });
    assert.equal(created.status, 201);
    const r = created.body.id;

    // The two schedulers record the three due ones (two days ago, yesterday, today).
    const due = [start, dateOf(now - DAY), dateOf(now)];
    let list;
    for (let attempt = 0; attempt < 600; attempt++) {
      list = await ana.get(`/v1/groups/${g}/recurrences`);
      if (list.body.items[0]?.occurred === 3) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(list!.body.items[0].occurred, 3, JSON.stringify(list!.body));
    assert.equal(list!.body.timeZone, "Etc/UTC");
    const item = list!.body.items[0];
    assert.equal(item.lastOccurrence, dateOf(now));
    assert.deepEqual(item.upcoming, [1, 2, 3].map((d) => dateOf(now + d * DAY)));

    const skipped = await ana.post(`/v1/groups/${g}/recurrences/${r}/skips`, {
      date: dateOf(now + 2 * DAY),
    });
    assert.equal(skipped.status, 200);
    const past = await ana.post(`/v1/groups/${g}/recurrences/${r}/skips`, { date: start });
    assert.equal(past.body.code, "recurrence.past");
    const paused = await ana.patch(`/v1/groups/${g}/recurrences/${r}`, { paused: true });
    assert.equal(paused.status, 200);
    const afterPause = await ana.get(`/v1/groups/${g}/recurrences`, {
      "Kopek-Min-Position": String(paused.body.position),
    });
    assert.equal(afterPause.body.items[0].status, "paused");
    assert.deepEqual(afterPause.body.items[0].upcoming, []);
    assert.equal(
      (await ana.patch(`/v1/groups/${g}/recurrences/${r}`, { paused: false })).status,
      200,
    );
    const stopped = await ana.delete(`/v1/groups/${g}/recurrences/${r}`);
    assert.equal(stopped.status, 200);
    const gone = await ana.get(`/v1/groups/${g}/recurrences`, {
      "Kopek-Min-Position": String(stopped.body.position),
    });
    assert.deepEqual(gone.body.items, []);

    // Each due occurrence is one expense, with its deterministic id.
    const events = await sql<{ type: string }[]>`
      SELECT type FROM events WHERE stream = ${`group-${g}`} ORDER BY version`;
    const expenses = await ana.get(`/v1/groups/${g}/expenses?limit=50`, {
      "Kopek-Min-Position": String(stopped.body.position),
    });
    const ids = expenses.body.items.map((e: { id: string }) => e.id);
    assert.deepEqual(ids.sort(), due.map((d) => occurrenceExpenseId(r, d)).sort());
    assert.equal(events.filter((e) => e.type === "ExpenseRecorded").length, 3);
    assert.equal(events.filter((e) => e.type === "RecurrenceOccurred").length, 3);
    const activity = await ana.get(`/v1/groups/${g}/activity?limit=50`, {
      "Kopek-Min-Position": String(stopped.body.position),
    });
    const texts = activity.body.items.map((i: { text: string }) => i.text).join("\n");
    assert.match(texts, /set up the recurring expense “Rent”/);
    assert.match(texts, /stopped a recurring expense/);
    assert.match(texts, new RegExp(`The scheduler recorded the recurring “Rent” for ${start}`));
  } finally {
    await other.stop();
    await bus.close();
    await sql.end();
    await running.stop();
  }
});
