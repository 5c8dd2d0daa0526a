/** The activity feed of a group after the walkthrough: sentences, newest first, paginated. */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { startForTest, walkthrough } from "@kopek/testing";

Deno.test("the activity feed tells the group's history newest first, page by page", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const walk = await walkthrough(running.url);
    const path = `/v1/groups/${walk.groupId}/activity`;
    const first = await walk.bob.get(path, { "Kopek-Min-Position": "0" });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    const all: { version: number; text: string; type: string }[] = [];
    let cursor: string | null = null;
    do {
      const a = await walk.bob.get(`${path}?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      assert.equal(a.status, 200);
      assert.ok(a.body.items.length <= 3);
      all.push(...a.body.items);
      cursor = a.body.nextCursor;
    } while (cursor);
    const versions = all.map((i) => i.version);
    assert.deepEqual(versions, [...versions].sort((x, y) => y - x), "newest first");
    assert.deepEqual(versions.at(-1), 1);
    assert.equal(new Set(versions).size, versions.length, "no event twice");
    assert.equal(versions[0], first.body.items[0].version);
    assert.equal(all.length, versions[0], "every event of the stream, once");
    assert.match(all.at(-1)!.text, /^Ana created the group “.+”$/);
    assert.ok(all.some((i) => i.type === "ExpenseVoided" && /voided “/.test(i.text)));
    assert.ok(
      all.some((i) => i.type === "SettlementRecorded" && /paid .+ \d+\.\d{2} EUR/.test(i.text)),
    );
    // The amendment says what it changed, old and new, whatever page its expense was recorded on.
    const amends = all.filter((i) => i.type === "ExpenseAmended") as unknown as {
      text: string;
      entityType: string;
      subject: string;
      changes: { field: string; from: unknown; to: unknown }[];
    }[];
    assert.equal(amends.length, 1);
    assert.equal(amends[0].entityType, "expense");
    assert.equal(amends[0].subject, "Taxi (with tip)");
    assert.ok(amends[0].changes.length > 0, JSON.stringify(amends[0]));
    assert.ok(
      amends[0].changes.some((c) => c.field === "description" && c.to === "Taxi (with tip)"),
      JSON.stringify(amends[0].changes),
    );
    assert.deepEqual(amends[0].changes.find((c) => c.field === "total"), {
      field: "total",
      from: { amount: "10.00", currency: "EUR" },
      to: { amount: "12.00", currency: "EUR" },
    });
    assert.match(
      amends[0].text,
      /changed “Taxi \(with tip\)”: description “.+” → “Taxi \(with tip\)”/,
    );
    // Whoever created the group joined it, rather than "added themselves".
    assert.ok(all.some((i) => i.type === "MemberAdded" && /^Ana joined as owner$/.test(i.text)));
    assert.equal((await walk.bob.get(`${path}?cursor=garbage`)).status, 422);
  } finally {
    await running.stop();
  }
});
