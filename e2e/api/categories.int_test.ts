/**
 * Custom categories end to end on real PostgreSQL: add, list, change, use in
 * an expense, filter the list, the monthly report's keys and names, the CSV's
 * category name, roles, outsiders, removal (the expense keeps it, a new one
 * cannot choose it), the activity feed, and a dump import that carries them
 * over.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { importDump, KopekClient, startForTest } from "@kopek/testing";

Deno.test("categories: add, use, report, CSV, remove, roles, import", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url);
  try {
    const api = new KopekClient(running.url);
    const { client: ana } = await api.register("ana@example.com", "Ana");
    const { client: mia } = await api.register("mia@example.com", "Mia");
    const { client: eve } = await api.register("eve@example.com", "Eve");
    const group = await ana.post("/v1/groups", { name: "Alps", currency: "EUR" });
    const g = group.body.id;
    const anaMember = group.body.memberId;
    const invite = await ana.post(`/v1/groups/${g}/invites`, { role: "member" });
    assert.equal((await mia.post(`/v1/invites/${invite.body.code}/accept`, undefined)).status, 200);
    const path = `/v1/groups/${g}/categories`;

    // Add: 201, colour in lower case, the name trimmed.
    const added = await ana.post(path, { name: " Ski pass ", icon: "⛷️", colour: "#3366FF" });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const k = added.body.id;
    assert.deepEqual({ ...added.body, position: 0 }, {
      key: k,
      id: k,
      name: "Ski pass",
      icon: "⛷️",
      colour: "#3366ff",
      builtIn: false,
      removed: false,
      position: 0,
    });
    // Refusals: a member may not; a name taken (any case, or built in); bad icon or colour.
    assert.equal((await mia.post(path, { name: "X", icon: "🍕", colour: "#000000" })).status, 403);
    const taken = await ana.post(path, { name: "SKI PASS", icon: "🍕", colour: "#000000" });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.code, "category.name_taken");
    assert.equal(
      (await ana.post(path, { name: "Food", icon: "🍕", colour: "#000000" })).body.code,
      "category.name_taken",
    );
    for (const bad of [{ icon: "ab" }, { icon: "🍕🍕" }, { colour: "red" }]) {
      const a = await ana.post(path, { name: "Y", icon: "🍕", colour: "#000000", ...bad });
      assert.equal(a.status, 422, JSON.stringify(bad));
    }
    // Outsiders see nothing.
    assert.equal((await eve.get(path)).status, 404);
    assert.equal((await eve.post(path, { name: "Z", icon: "🍕", colour: "#000000" })).status, 404);

    // Change, then list: built-ins first, then the group's own.
    const changed = await ana.patch(`${path}/${k}`, { name: "Ski passes" });
    assert.equal(changed.status, 200, JSON.stringify(changed.body));
    const at = { "Kopek-Min-Position": String(changed.body.position) };
    const list = await mia.get(path, at);
    assert.equal(list.status, 200);
    assert.equal(list.body.items[0].key, "food");
    assert.deepEqual(list.body.items.at(-1), {
      key: k,
      id: k,
      name: "Ski passes",
      icon: "⛷️",
      colour: "#3366ff",
      builtIn: false,
      removed: false,
    });

    // Used by an expense (by a member), filtered, reported, exported.
    const expense = (category: string) => ({
      description: "Lift",
      total: { amount: "80.00", currency: "EUR" },
      date: "2026-12-01",
      category,
      paidBy: [{ memberId: anaMember, amount: "80.00" }],
      split: { mode: "equal", shares: [{ memberId: anaMember }] },
    });
    const recorded = await mia.post(`/v1/groups/${g}/expenses`, expense(k));
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const unknown = await mia.post(`/v1/groups/${g}/expenses`, expense(crypto.randomUUID()));
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.code, "category.unknown");
    const seen = { "Kopek-Min-Position": String(recorded.body.position) };
    const filtered = await ana.get(`/v1/groups/${g}/expenses?category=${k}`, seen);
    assert.deepEqual(filtered.body.items.map((i: { id: string }) => i.id), [recorded.body.id]);
    const report = await ana.get(`/v1/groups/${g}/reports/monthly?from=2026-12&to=2026-12`, seen);
    assert.equal(report.status, 200);
    assert.deepEqual(report.body.months[0].byCategory, {
      [k]: { amount: "80.00", currency: "EUR" },
    });
    assert.deepEqual(report.body.categories, {
      [k]: { name: "Ski passes", icon: "⛷️", colour: "#3366ff" },
    });
    const csv = await ana.get(`/v1/groups/${g}/export.csv`, seen);
    assert.match(csv.body.text as string, /,Lift,Ski passes,80\.00,EUR,/);

    // Removed: the expense keeps it (an amendment may keep it); a new expense cannot choose it.
    const removed = await ana.delete(`${path}/${k}`);
    assert.equal(removed.status, 200);
    assert.equal(removed.body.removed, true);
    assert.equal((await ana.delete(`${path}/${k}`)).status, 404);
    const refused = await mia.post(`/v1/groups/${g}/expenses`, expense(k));
    assert.equal(refused.body.code, "category.removed");
    const kept = await mia.put(`/v1/groups/${g}/expenses/${recorded.body.id}`, {
      ...expense(k),
      description: "Lifts",
    });
    assert.equal(kept.status, 200, JSON.stringify(kept.body));
    const after = { "Kopek-Min-Position": String(kept.body.position) };
    assert.equal((await ana.get(path, after)).body.items.length, 11);
    const withRemoved = await ana.get(`${path}?includeRemoved=true`, after);
    assert.equal(withRemoved.body.items.at(-1).removed, true);
    const again = await ana.get(`/v1/groups/${g}/reports/monthly?from=2026-12&to=2026-12`, after);
    assert.equal(again.body.categories[k].name, "Ski passes");

    // The activity feed names it.
    const activity = await ana.get(`/v1/groups/${g}/activity?limit=50`, after);
    const texts = activity.body.items.map((i: { text: string }) => i.text);
    assert.ok(texts.includes("Ana added the category ⛷️ “Ski pass”"), JSON.stringify(texts));
    assert.ok(texts.includes("Ana removed a category"));

    // A dump import carries the categories over, with new ids; the expense keeps its own.
    const dump = await ana.get(`/v1/groups/${g}/export.sql`, after);
    assert.equal(dump.status, 200);
    const done = await importDump(ana, dump.body.text as string);
    assert.equal(done.status, "done", JSON.stringify(done));
    const imported = (done.groups as { id: string }[])[0].id;
    const pos = { "Kopek-Min-Position": String(done.position) };
    const cats = await ana.get(`/v1/groups/${imported}/categories?includeRemoved=true`, pos);
    const own = cats.body.items.filter((c: { builtIn: boolean }) => !c.builtIn);
    assert.equal(own.length, 1);
    assert.notEqual(own[0].id, k);
    assert.deepEqual([own[0].name, own[0].removed], ["Ski passes", true]);
    const entries = await ana.get(`/v1/groups/${imported}/expenses`, pos);
    assert.equal(entries.body.items[0].category, own[0].id);
  } finally {
    await running.stop();
  }
});
