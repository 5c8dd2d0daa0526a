/**
 * `kopek start` with two HTTP servers (`KOPEK_HTTP_WORKERS=2`, ADR 0063), run as a user runs it
 * (the `start` task's flags) on a test database: both servers answer, every acknowledged write is
 * read back with `Kopek-Min-Position` whichever server serves the read (the projector's position
 * reaches the worker over the main isolate's bus), the same id sent to both servers is recorded
 * once, and SIGTERM drains both and exits 0.
 */
import assert from "node:assert/strict";
import { createTestDatabase, freePort } from "@kopek/platform/testing";
import { KopekClient, soloExpense, spawnTask, waitReady } from "@kopek/testing";

/** One request on a connection of its own, so that the kernel picks a server for each. */
async function send(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  // deno-lint-ignore no-explicit-any
): Promise<{ status: number; body: any }> {
  using client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
  const res = await fetch(base + path, {
    client,
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/**
 * `send`, sent again unchanged while it answers 503 (the contract's answer to a read whose position
 * is not reached within its 2 s, or to a database that is briefly unreachable: a loaded machine
 * has both), for up to 60 s, as a client does; a write keeps its id, so a retry answers the
 * original result.
 */
async function sendUntilAnswered(...args: Parameters<typeof send>) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await send(...args);
    if (answer.status !== 503 || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 200));
  }
}

Deno.test({
  name: "kopek start with KOPEK_HTTP_WORKERS=2: both servers answer, reads see every write, " +
    "a retried id is recorded once, SIGTERM exits 0",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase();
    const dataDir = await Deno.makeTempDir({ prefix: "kopek-workers-" });
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const kopek = spawnTask("start", {
      KOPEK_DATABASE_URL: db.url,
      KOPEK_DATA_DIR: dataDir,
      KOPEK_PORT: String(port),
      KOPEK_RATES_FETCH: "off",
      KOPEK_RATE_LIMITS: "off",
      KOPEK_HTTP_WORKERS: "2",
      KOPEK_LOG_LEVEL: "info",
    });
    const exited = kopek.output();
    let killed = false;
    try {
      await waitReady(base, 120_000);
      const { client: ana } = await new KopekClient(base).register("ana@example.com", "Ana");
      const token = ana.token!;
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      assert.equal(group.status, 201);
      const { id: g, memberId: m } = group.body;

      // 40 writes, 8 at a time, each followed at once by its read with the write's position.
      const ids: string[] = [];
      for (let round = 0; round < 5; round++) {
        await Promise.all(Array.from({ length: 8 }, async (_, i) => {
          const id = crypto.randomUUID();
          const body = soloExpense({ id, memberId: m, amount: `${round + 1}.${i}0` });
          const write = await sendUntilAnswered(
            base,
            token,
            "POST",
            `/v1/groups/${g}/expenses`,
            body,
          );
          assert.equal(write.status, 201, JSON.stringify(write.body));
          ids.push(write.body.id);
          const path = `/v1/groups/${g}/expenses/${write.body.id}`;
          const read = await sendUntilAnswered(base, token, "GET", path, undefined, {
            "Kopek-Min-Position": String(write.body.position),
          });
          assert.equal(read.status, 200, JSON.stringify(read.body));
          assert.equal(read.body.description, body.description);
          // The same id and body again (a retry, on whichever server): the same answer, no event.
          const again = await sendUntilAnswered(
            base,
            token,
            "POST",
            `/v1/groups/${g}/expenses`,
            body,
          );
          assert.ok([200, 201].includes(again.status), JSON.stringify(again.body));
          assert.equal(again.body.position, write.body.position);
        }));
      }

      // Every acknowledged write is in the log once, and in the list.
      const recorded = await db.sql<{ id: string }[]>`
        SELECT data->>'expenseId' AS id FROM events
         WHERE stream = ${`group-${g}`} AND type = 'ExpenseRecorded'`;
      assert.deepEqual(recorded.map((r) => r.id).sort(), [...ids].sort());
      const list = await sendUntilAnswered(
        base,
        token,
        "GET",
        `/v1/groups/${g}/expenses?limit=500`,
      );
      assert.equal(list.status, 200);
      const listed = new Set(list.body.items.map((e: { id: string }) => e.id));
      for (const id of ids) assert.ok(listed.has(id), `expense ${id} is listed`);

      kopek.kill("SIGTERM");
      killed = true;
      const out = await exited;
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      assert.equal(out.code, 0, text.slice(-3000));
      assert.match(text, /"httpServers":2/);
      assert.match(text, /kopek stopped/);
      // Both servers answered requests: the worker's lines carry its number.
      const requests = text.split("\n").filter((l) => l.includes('"msg":"request"'));
      assert.ok(requests.some((l) => l.includes('"worker":1')), "the worker answered");
      assert.ok(requests.some((l) => !l.includes('"worker":')), "the main isolate answered");
    } catch (e) {
      // The server's own account of the failure: its warnings, errors and plain-text lines.
      if (!killed) kopek.kill("SIGKILL");
      killed = true;
      const out = await exited;
      const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
      const notes = text.split("\n")
        .filter((l) => /"level":"(warn|error|fatal)"/.test(l) || !l.startsWith("{"));
      throw new Error(
        `${(e as Error).message}\n--- kopek's log ---\n${notes.join("\n").slice(-6000)}`,
        {
          cause: e,
        },
      );
    } finally {
      if (!killed) {
        kopek.kill("SIGKILL");
        await exited;
      }
      await Deno.remove(dataDir, { recursive: true }).catch(() => {});
    }
  },
});
