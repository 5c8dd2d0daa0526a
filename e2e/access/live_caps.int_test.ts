/**
 * The caps on `/live` streams (ADR 0025), through a running Kopek configured
 * with small ones: over the user's cap 429 `too_many_streams`, over the
 * instance's 503 `server_busy`, both with `Retry-After`; a stream that ends
 * gives its slot back.
 */
import assert from "node:assert/strict";
import { createTestDatabase, sseReader, within } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

Deno.test({
  name: "live caps: per user 429 too_many_streams, per instance 503 server_busy, slots freed",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase();
    const kopek = await startForTest(db.url, {
      KOPEK_LIVE_STREAMS_PER_USER: "2",
      KOPEK_LIVE_STREAMS_MAX: "3",
    });
    const streams: ReturnType<typeof sseReader>[] = [];
    try {
      const groupOf = async (email: string, name: string) => {
        const { client } = await new KopekClient(kopek.url).register(email, name);
        const group = await client.post("/v1/groups", { name, currency: "EUR" });
        assert.equal(group.status, 201);
        return { client, id: group.body.id as string, position: group.body.position as number };
      };
      const ana = await groupOf("ana@example.com", "Ana");
      const ben = await groupOf("ben@example.com", "Ben");
      const open = (who: typeof ana) =>
        fetch(`${kopek.url}/v1/groups/${who.id}/live`, {
          headers: {
            authorization: `Bearer ${who.client.token}`,
            "Kopek-Min-Position": String(Math.max(ana.position, ben.position)),
          },
        });
      const expectOpen = async (who: typeof ana) => {
        const res = await open(who);
        assert.equal(res.status, 200);
        const events = sseReader(res.body!);
        assert.equal((await within(30_000, "ready", events.next()))?.event, "ready");
        streams.push(events);
        return events;
      };
      const expectRefused = async (who: typeof ana, status: number, code: string) => {
        const res = await open(who);
        assert.equal(res.status, status);
        assert.match(res.headers.get("content-type") ?? "", /problem\+json/);
        assert.ok(Number(res.headers.get("Retry-After")) > 0);
        assert.equal((await res.json()).code, code);
      };

      const first = await expectOpen(ana);
      await expectOpen(ana);
      await expectRefused(ana, 429, "too_many_streams");
      await expectOpen(ben);
      // The instance holds 3: Ben, under his own cap, waits too.
      await expectRefused(ben, 503, "server_busy");

      // Ana closes a stream: its slot comes back (once the server saw the close).
      await first.cancel();
      streams.splice(streams.indexOf(first), 1);
      await within(
        30_000,
        "a freed slot",
        (async () => {
          while (true) {
            const res = await open(ben);
            if (res.status === 200) {
              streams.push(sseReader(res.body!));
              return;
            }
            await res.body?.cancel();
            await new Promise((r) => setTimeout(r, 50));
          }
        })(),
      );
      await expectRefused(ana, 503, "server_busy");
    } finally {
      for (const s of streams) await s.cancel().catch(() => {});
      await kopek.stop();
    }
  },
});
