/**
 * `kopek start` as a user runs it: a separate process on the embedded
 * PostgreSQL in an empty data folder, under the permission flags of the
 * `start` task (read from deno.json).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { KopekClient, pgRunning, spawnTask, stopPg, waitReady } from "@kopek/testing";
import { freePort } from "@kopek/platform/testing";

/** `kopek start` with exactly the permission flags of the `start` task in deno.json. */
function spawnKopek(env: Record<string, string> & { KOPEK_DATA_DIR: string }): Deno.ChildProcess {
  return spawnTask("start", { KOPEK_LOG_LEVEL: "warn", ...env });
}

async function output(child: Deno.ChildProcess): Promise<{ code: number; text: string }> {
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  return { code: out.code, text };
}

Deno.test({
  name: "kopek start: ready on an empty data folder, loses nothing to SIGKILL, stops cleanly",
  sanitizeResources: false,
  fn: async () => {
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-start-" });
    // The embedded server runs as the postgres user when we are root: it must reach the folder.
    await Deno.chmod(dataDir, 0o755);
    const pgdata = join(dataDir, "pg");
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { KOPEK_DATA_DIR: dataDir, KOPEK_PORT: String(port), KOPEK_RATES_FETCH: "off" };
    try {
      // 1. First start: initialises the database, /readyz goes to 200.
      let kopek = spawnKopek(env);
      await waitReady(base, 120_000);
      const { client: ana } = await new KopekClient(base).register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201);
      const g = group.body.id;
      const m = group.body.memberId;
      const expense = await ana.post(`/v1/groups/${g}/expenses`, {
        description: "Rent",
        total: { amount: "1200.00", currency: "EUR" },
        date: "2026-11-01",
        category: "rent",
        paidBy: [{ memberId: m, amount: "1200.00" }],
        split: { mode: "equal", shares: [{ memberId: m }] },
      });
      assert.equal(expense.status, 201);

      // 2. SIGKILL right after the 201, then start again.
      kopek.kill("SIGKILL");
      await output(kopek);
      kopek = spawnKopek(env);
      await waitReady(base, 120_000);
      const login = await new KopekClient(base).post("/v1/auth/login", {
        email: "ana@example.com",
        password: "correct horse battery staple",
      });
      assert.equal(login.status, 200, "the account survived");
      const again = new KopekClient(base, login.body.token);
      const read = await again.get(`/v1/groups/${g}/expenses/${expense.body.id}`, {
        "Kopek-Min-Position": String(expense.body.position),
      });
      assert.equal(read.status, 200, JSON.stringify(read.body));
      assert.equal(read.body.description, "Rent");
      assert.deepEqual(read.body.total, { amount: "1200.00", currency: "EUR" });

      // 3. Ctrl-C stops Kopek and its embedded server.
      kopek.kill("SIGINT");
      const { code, text } = await output(kopek);
      assert.equal(code, 0, text);
      assert.equal(await pgRunning(pgdata), false, "the embedded server stopped too");
    } finally {
      await stopPg(pgdata);
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});

Deno.test("kopek start: a bad variable stops the start with a message naming it", async () => {
  const { code, text } = await output(
    spawnKopek({ KOPEK_PORT: "eighty", KOPEK_DATA_DIR: "/nonexistent" }),
  );
  assert.notEqual(code, 0);
  assert.match(text, /KOPEK_PORT/);
});
