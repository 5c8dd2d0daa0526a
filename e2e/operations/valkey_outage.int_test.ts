/**
 * All-in-one on Valkey, and Valkey stops mid-run: writes still succeed, reads
 * fall back to the database, `/readyz` reports the degraded dependency, and
 * everything recovers when Valkey is back (issue 3).
 */
import assert from "node:assert/strict";
import { createTestDatabase, startTcpProxy } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const VALKEY = new URL(Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379");

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}

Deno.test({
  name: "valkey outage: writes succeed, reads fall back, /readyz is degraded, then all recovers",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase();
    await using proxy = startTcpProxy({
      hostname: VALKEY.hostname,
      port: Number(VALKEY.port || 6379),
    });
    const running = await startForTest(db.url, {
      KOPEK_VALKEY_URL: `redis://127.0.0.1:${proxy.port}`,
    });
    try {
      const readyz = async () => {
        const res = await fetch(`${running.url}/readyz`);
        return { status: res.status, body: await res.json() };
      };
      assert.equal((await readyz()).body.status, "ready");
      const { client } = await new KopekClient(running.url).register("ana@example.com", "Ana");
      const group = await client.post("/v1/groups", { name: "Flat", currency: "EUR" });
      const g = group.body.id;
      const expense = (amount: string) => ({
        description: "Groceries",
        total: { amount, currency: "EUR" },
        date: "2026-11-20",
        paidBy: [{ memberId: group.body.memberId, amount }],
        split: { mode: "equal", shares: [{ memberId: group.body.memberId }] },
      });
      // Warm the caches.
      const warm = await client.get(`/v1/groups/${g}`, {
        "Kopek-Min-Position": String(group.body.position),
      });
      assert.equal(warm.status, 200);

      await proxy.cut();
      const down = await client.post(`/v1/groups/${g}/expenses`, expense("12.00"));
      assert.equal(down.status, 201, "a write succeeds while Valkey is down");
      const read = await client.get(`/v1/groups/${g}/expenses/${down.body.id}`, {
        "Kopek-Min-Position": String(down.body.position),
      });
      assert.equal(read.status, 200, "a read falls back to the database");
      const degraded = await until("degraded readiness", async () => {
        const r = await readyz();
        return r.body.status === "degraded" ? r : undefined;
      });
      assert.equal(degraded.status, 200);
      const valkey = degraded.body.checks.find((c: { name: string }) => c.name === "valkey");
      assert.equal(valkey.ok, false);

      proxy.restore();
      await until("recovery", async () => (await readyz()).body.status === "ready" || undefined);
      const up = await client.post(`/v1/groups/${g}/expenses`, expense("8.00"));
      assert.equal(up.status, 201);
      const balances = await client.get(`/v1/groups/${g}/balances`, {
        "Kopek-Min-Position": String(up.body.position),
      });
      assert.equal(balances.status, 200);
      assert.equal(balances.body.members[0].paid.amount, "20.00", "both writes count");
    } finally {
      await running.stop();
    }
  },
});
