/**
 * Comments on expenses end to end on real PostgreSQL: write, read back with
 * `Kopek-Min-Position`, the roles that may not write, outsiders, bad text,
 * an idempotent retry, the offline queue (`POST /v1/sync`) and the activity
 * feed's sentence.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

interface CommentItem {
  id: string;
  expenseId: string;
  memberId: string;
  author: { memberId: string; name: string };
  text: string;
  at: string;
  position: number;
}

Deno.test("comments: write, read oldest first, refusals, retry, sync, activity", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: vic } = await api.register("vic@example.com", "Vic");
    const { client: eve } = await api.register("eve@example.com", "Eve");
    const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
    const g = group.body.id;
    const anaMember = group.body.memberId;
    const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "viewer" });
    assert.equal((await vic.post(`/v1/invites/${invite.body.code}/accept`, undefined)).status, 200);
    const recorded = await ana.post(`/v1/groups/${g}/expenses`, {
      description: "Dinner",
      total: { amount: "30.00", currency: "EUR" },
      date: "2026-12-01",
      paidBy: [{ memberId: anaMember, amount: "30.00" }],
      split: { mode: "equal", shares: [{ memberId: anaMember }] },
    });
    assert.equal(recorded.status, 201);
    const e = recorded.body.id;
    const path = `/v1/groups/${g}/expenses/${e}/comments`;

    // Write: 201, the comment as added (trimmed), with its time and position.
    const id = crypto.randomUUID();
    const added = await ana.post(path, { id, text: "  see the receipt\n" }, {
      "Idempotency-Key": "comment-1",
    });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual(
      { ...added.body, at: "", position: 0 },
      { id, expenseId: e, memberId: anaMember, text: "see the receipt", at: "", position: 0 },
    );
    assert.ok(added.body.position > recorded.body.position);
    assert.equal(added.headers.get("kopek-position"), String(added.body.position));

    // The same command retried: the same answer, nothing added.
    const retried = await ana.post(path, { id, text: "  see the receipt\n" }, {
      "Idempotency-Key": "comment-1",
    });
    assert.equal(retried.status, 201);
    assert.deepEqual(retried.body, added.body);
    // The same id in another command: 409 comment.exists.
    const reused = await ana.post(path, { id, text: "other" });
    assert.equal(reused.status, 409, JSON.stringify(reused.body));
    assert.equal(reused.body.code, "comment.exists");

    // Queued offline: the sync command's target is the expense.
    const queued = crypto.randomUUID();
    const synced = await ana.post("/v1/sync", {
      commands: [{
        id: queued,
        type: "comment.add",
        groupId: g,
        body: { expenseId: e, text: "paid\nby card" },
      }],
    });
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    assert.equal(synced.body.results[0].status, 201, JSON.stringify(synced.body));
    const second = synced.body.results[0].result;

    // Read: any member (a viewer too), oldest first, with the author's name.
    const read = await vic.get(path, { "Kopek-Min-Position": String(synced.body.position) });
    assert.equal(read.status, 200, JSON.stringify(read.body));
    const items = read.body.items as CommentItem[];
    assert.deepEqual(items.map((c) => [c.id, c.text, c.author.name]), [
      [id, "see the receipt", "Ana"],
      [second.id, "paid\nby card", "Ana"],
    ]);
    assert.equal(items[0].at, added.body.at);
    assert.equal(items[0].position, added.body.position);
    assert.equal(read.body.nextCursor, null);
    // Paged: one at a time.
    const first = await ana.get(`${path}?limit=1`);
    assert.deepEqual((first.body.items as CommentItem[]).map((c) => c.id), [id]);
    const next = await ana.get(`${path}?limit=1&cursor=${first.body.nextCursor}`);
    assert.deepEqual((next.body.items as CommentItem[]).map((c) => c.id), [second.id]);

    // The activity feed says it, about the expense (named by its description).
    const feed = await vic.get(`/v1/groups/${g}/activity?limit=1`, {
      "Kopek-Min-Position": String(synced.body.position),
    });
    assert.deepEqual(
      (feed.body.items as { text: string; entityId: string; entityType: string }[]).map((
        i,
      ) => [i.text, i.entityId, i.entityType]),
      [["Ana commented on “Dinner”: “paid by card”", e, "expense"]],
    );

    // A viewer may not comment; an outsider sees nothing; bad text is a 422.
    const byViewer = await vic.post(path, { text: "hello" });
    assert.equal(byViewer.status, 403, JSON.stringify(byViewer.body));
    assert.equal((await eve.post(path, { text: "hello" })).status, 404);
    assert.equal((await eve.get(path)).status, 404);
    assert.equal(
      (await ana.get(`/v1/groups/${g}/expenses/${crypto.randomUUID()}/comments`)).status,
      404,
    );
    assert.equal(
      (await ana.post(`/v1/groups/${g}/expenses/${crypto.randomUUID()}/comments`, { text: "x" }))
        .status,
      404,
    );
    for (const text of ["   ", "x".repeat(1001), "a\u0007b"]) {
      const bad = await ana.post(path, { text });
      assert.equal(bad.status, 422, JSON.stringify(bad.body));
    }

    // A voided expense keeps its comments and may still be commented.
    const voided = await ana.delete(`/v1/groups/${g}/expenses/${e}`);
    assert.equal(voided.status, 200);
    const late = await ana.post(path, { text: "voided: why?" });
    assert.equal(late.status, 201, JSON.stringify(late.body));

    // The activity feed says it, about the expense.
    const activity = await ana.get(`/v1/groups/${g}/activity`, {
      "Kopek-Min-Position": String(late.body.position),
    });
    const said = (activity.body.items as { type: string; text: string; entityId: string }[])
      .filter((i) => i.type === "CommentAdded");
    assert.deepEqual(said.map((i) => [i.text, i.entityId]), [
      ["Ana commented on “Dinner”: “voided: why?”", e],
      ["Ana commented on “Dinner”: “paid by card”", e],
      ["Ana commented on “Dinner”: “see the receipt”", e],
    ]);
  } finally {
    await running.stop();
  }
});
