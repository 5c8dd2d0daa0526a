/**
 * A guest's `/live` stream (ADR 0059) follows its group like a member's, and ends once its link is
 * revoked: the next change of the group checks the link again, and the stream says why it ends.
 */
import assert from "node:assert/strict";
import { createTestDatabase, type SseEvent, sseReader, within } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const BOUND_MS = 30_000;

Deno.test({
  name: "guests: a guest's live stream follows the group and ends with its link",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    await using db = await createTestDatabase();
    const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
    let events: ReturnType<typeof sseReader> | undefined;
    try {
      const api = new KopekClient(running.url);
      const { client: ana } = await api.register("ana@example.com", "Ana");
      const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
      const g = group.body.id as string;
      const bo = await ana.post(`/v1/groups/${g}/members`, { name: "Bo", role: "member" });
      const link = await ana.post(`/v1/groups/${g}/guest-links`, {
        memberId: bo.body.id,
        role: "viewer",
      });
      const opened = await api.post("/v1/guest-sessions", { token: link.body.token });
      assert.equal(opened.status, 200);
      const res = await fetch(`${running.url}/v1/groups/${g}/live`, {
        headers: { authorization: `Bearer ${opened.body.token}` },
      });
      assert.equal(res.status, 200, await (res.status === 200 ? "" : res.text()));
      events = sseReader(res.body!);
      assert.equal((await within(BOUND_MS, "ready", events.next()))?.event, "ready");
      const write = async (amount: string) => {
        const a = await ana.post(`/v1/groups/${g}/expenses`, {
          description: "Bread",
          total: { amount, currency: "EUR" },
          date: "2026-11-20",
          paidBy: [{ memberId: group.body.memberId, amount }],
          split: { mode: "equal", shares: [{ memberId: group.body.memberId }] },
        });
        assert.equal(a.status, 201);
        return a.body.position as number;
      };
      // A change reaches the guest.
      const first = await write("1.00");
      for (;;) {
        const e: SseEvent | null = await within(BOUND_MS, "change", events.next());
        assert.ok(e && e.event !== "end", `the stream ended: ${e?.data}`);
        if (e.event === "change" && Number(e.id) >= first) break;
      }
      // Revoked: the next change ends the stream (the gate's check aside, the stream reads the link).
      assert.equal((await ana.delete(`/v1/groups/${g}/guest-links/${link.body.id}`)).status, 200);
      await write("2.00");
      let end: string | undefined;
      for (;;) {
        const e: SseEvent | null = await within(BOUND_MS, "end", events.next());
        assert.ok(e, "the stream closed without an end event");
        if (e.event === "end") {
          end = JSON.parse(e.data!).reason;
          break;
        }
      }
      assert.ok(end && end.length > 0);
    } finally {
      await events?.cancel().catch(() => {});
      await running.stop();
    }
  },
});
