/**
 * As-of reads against skewed clocks (ADR 0026): an expense recorded by one
 * command-API instance and amended by another whose clock is an hour behind
 * never shows, as of any instant, amended before it was recorded.
 */
import assert from "node:assert/strict";
import { createTestCommandApi } from "../command-api/_testing.ts";
import { groupEventsAsOf } from "./as_of.ts";

const HOUR = 3_600_000;

Deno.test("as of any instant, an amendment from a clock an hour behind never precedes the recording", async () => {
  await using api = await createTestCommandApi();
  const ana = await api.user("Ana");
  const behind = api.instance(() => new Date(Date.now() - HOUR));
  const g = (await ana.send("POST", "/v1/groups", { name: "Flat", currency: "EUR" })).body;
  const expense = (amount: string) => ({
    description: "Rent",
    total: { amount, currency: "EUR" },
    date: "2026-11-01",
    paidBy: [{ memberId: g.memberId, amount }],
    split: { mode: "equal", shares: [{ memberId: g.memberId }] },
  });
  const recorded = await ana.send("POST", `/v1/groups/${g.id}/expenses`, expense("800.00"));
  assert.equal(recorded.status, 201, recorded.text);
  const amended = await behind.send(
    ana,
    "PUT",
    `/v1/groups/${g.id}/expenses/${recorded.body.id}`,
    expense("900.00"),
  );
  assert.equal(amended.status, 200, amended.text);

  const all = [];
  for await (const e of groupEventsAsOf(api.store, g.id, Number.MAX_SAFE_INTEGER)) all.push(e);
  const recording = all.find((e) => e.event.type === "ExpenseRecorded")!;
  const amendment = all.find((e) => e.event.type === "ExpenseAmended")!;
  assert.ok(recording && amendment, JSON.stringify(all.map((e) => e.event.type)));
  // The behind instance's clock read an hour earlier; the store kept the recording's instant.
  assert.equal(amendment.at, recording.at);

  // As of every instant around the two: the amendment only ever with the recording.
  const t = Date.parse(recording.at);
  for (const until of [t - HOUR, t - HOUR + 1000, t - 1, t, t + 1, Date.parse(amendment.at)]) {
    const types = [];
    for await (const e of groupEventsAsOf(api.store, g.id, until)) types.push(e.event.type);
    if (types.includes("ExpenseAmended")) {
      assert.ok(types.includes("ExpenseRecorded"), `as of ${new Date(until).toISOString()}`);
    }
    assert.equal(types.includes("ExpenseRecorded"), until >= t);
  }
});
