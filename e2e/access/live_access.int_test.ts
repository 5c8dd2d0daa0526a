/**
 * Live streams follow access (issue 12, ADR 0021), end to end through the
 * all-in-one process over HTTP, on its in-process bus and on Valkey: a
 * `/live` stream ends with `event: end` and a reason, then closes, when its
 * member is removed, when the session behind its token ends (logout, "sign
 * out everywhere", a password change), or when its token expires; a role
 * that still reads keeps it, and so does a bot token (no session) when the
 * user signs out everywhere. Each end is logged at info, without the token.
 */
import assert from "node:assert/strict";
import { CLOCK_SKEW_SECONDS, createLogger, createTokenIssuer } from "@kopek/platform";
import { createTestDatabase, type SseEvent, sseReader, within } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const VALKEY = Deno.env.get("KOPEK_TEST_VALKEY_URL") ?? "redis://127.0.0.1:6379";
const JWT_SECRET = "live-access-jwt-secret-0123456789-abcdef";
const BOT_KEY = "live-access-bot-key-0123456789-abcdefghi";
const PASSWORD = "correct horse battery staple";
/** A generous bound for what should take milliseconds; far below the 60 s session fallback. */
const BOUND_MS = 30_000;

type Reader = ReturnType<typeof sseReader>;

/** The reason of the stream's `end` event (changes before it are skipped); asserts it then closes. */
async function endOf(events: Reader): Promise<string> {
  for (;;) {
    const e: SseEvent | null = await within(BOUND_MS, "end event", events.next());
    assert.ok(e, "the stream closed without an end event");
    if (e.event === "end") {
      assert.equal(await within(BOUND_MS, "close after end", events.next()), null, "closed");
      return JSON.parse(e.data!).reason;
    }
    assert.equal(e.event, "change");
  }
}

/** Waits for a change at or past `position`; fails if the stream ends first. */
async function changeAt(events: Reader, position: number): Promise<void> {
  for (;;) {
    const e = await within(BOUND_MS, `change ${position}`, events.next());
    assert.ok(e, "the stream stayed open");
    assert.notEqual(e.event, "end", `the stream ended: ${e.data}`);
    if (e.event === "change" && Number(e.id) >= position) return;
  }
}

for (const bus of ["in-process", "valkey"] as const) {
  Deno.test({
    name: `live (${bus} bus): streams end when access, the session or the token ends`,
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async (t) => {
      await using db = await createTestDatabase();
      const lines: string[] = [];
      const logger = createLogger({
        level: "info",
        destination: { write: (s: string) => lines.push(s) },
      });
      const running = await startForTest(db.url, {
        KOPEK_JWT_SECRET: JWT_SECRET,
        KOPEK_BOT_API_KEY: BOT_KEY,
        KOPEK_RATE_LIMITS: "off",
        ...(bus === "valkey" ? { KOPEK_VALKEY_URL: VALKEY } : {}),
      }, logger);
      const readers: Reader[] = [];
      const tokens: string[] = [];
      try {
        const api = new KopekClient(running.url);
        /** Opens a stream and reads its `ready` event. */
        const open = async (token: string, groupId: string, minPosition = 0) => {
          tokens.push(token);
          const res = await fetch(`${running.url}/v1/groups/${groupId}/live`, {
            headers: {
              authorization: `Bearer ${token}`,
              ...(minPosition > 0 ? { "Kopek-Min-Position": String(minPosition) } : {}),
            },
          });
          assert.equal(res.status, 200, await (res.status === 200 ? "" : res.text()));
          const events = sseReader(res.body!);
          readers.push(events);
          assert.equal((await within(BOUND_MS, "ready", events.next()))?.event, "ready");
          return events;
        };
        /** What opening a stream answers now. */
        const openStatus = async (token: string, groupId: string, minPosition = 0) => {
          const res = await fetch(`${running.url}/v1/groups/${groupId}/live`, {
            headers: {
              authorization: `Bearer ${token}`,
              ...(minPosition > 0 ? { "Kopek-Min-Position": String(minPosition) } : {}),
            },
          });
          await res.body?.cancel();
          return res.status;
        };
        const login = async (email: string) => {
          const a = await api.post("/v1/auth/login", { email, password: PASSWORD });
          assert.equal(a.status, 200, JSON.stringify(a.body));
          tokens.push(a.body.token);
          return a.body as { token: string; refreshToken: string; user: { id: string } };
        };

        const { client: ana } = await api.register("ana@example.com", "Ana");
        const group = await ana.post("/v1/groups", { name: "Flat", currency: "EUR" });
        assert.equal(group.status, 201);
        const g = group.body.id as string;
        const write = async () => {
          const a = await ana.post(`/v1/groups/${g}/expenses`, {
            description: "Bread",
            total: { amount: "3.00", currency: "EUR" },
            date: "2026-11-20",
            paidBy: [{ memberId: group.body.memberId, amount: "3.00" }],
            split: { mode: "equal", shares: [{ memberId: group.body.memberId }] },
          });
          assert.equal(a.status, 201, JSON.stringify(a.body));
          return a.body.position as number;
        };
        const { client: bob, userId: bobId } = await api.register("bob@example.com", "Bob");
        const added = await ana.post(`/v1/groups/${g}/members`, {
          name: "Bob",
          email: "bob@example.com",
          role: "viewer",
        });
        assert.equal(added.status, 201, JSON.stringify(added.body));
        let position = added.body.position as number;

        await t.step("each session's own: logout ends that session's stream only", async () => {
          const one = await login("bob@example.com");
          const two = await login("bob@example.com");
          const first = await open(one.token, g, position);
          const second = await open(two.token, g, position);
          const out = await api.post("/v1/auth/logout", { refreshToken: one.refreshToken });
          assert.equal(out.status, 200);
          assert.equal(await endOf(first), "session_ended");
          assert.equal(await openStatus(one.token, g), 401, "its token opens no stream again");
          await changeAt(second, await write());
          await second.cancel();
        });

        await t.step("sign out everywhere ends every stream of the user's sessions", async () => {
          const one = await login("bob@example.com");
          const two = await login("bob@example.com");
          const first = await open(one.token, g, position);
          const second = await open(two.token, g, position);
          assert.equal((await bob.as(two.token).delete("/v1/me/sessions")).status, 200);
          assert.equal(await endOf(first), "session_ended");
          assert.equal(await endOf(second), "session_ended");
        });

        await t.step(
          "a password change ends the old session's stream; the new one streams",
          async () => {
            const one = await login("bob@example.com");
            const stream = await open(one.token, g, position);
            const changed = await bob.as(one.token).put("/v1/me/password", {
              currentPassword: PASSWORD,
              newPassword: "a brand new passphrase",
            });
            assert.equal(changed.status, 200, JSON.stringify(changed.body));
            assert.equal(await endOf(stream), "session_ended");
            const fresh = await open(changed.body.token, g, position);
            await changeAt(fresh, await write());
            await fresh.cancel();
            // Back to the password the other steps sign in with.
            const back = await bob.as(changed.body.token).put("/v1/me/password", {
              currentPassword: "a brand new passphrase",
              newPassword: PASSWORD,
            });
            assert.equal(back.status, 200);
          },
        );

        await t.step("a bot token (no session) outlives sign out everywhere", async () => {
          const session = await login("bob@example.com");
          const link = await bob.as(session.token).post("/v1/me/telegram-link", undefined);
          assert.equal(link.status, 201, JSON.stringify(link.body));
          const botApi = api.as(BOT_KEY);
          const linked = await botApi.post("/v1/telegram/links", {
            code: link.body.code,
            telegramUserId: 4242,
          });
          assert.equal(linked.status, 201, JSON.stringify(linked.body));
          const botToken = await botApi.post("/v1/telegram/tokens", { telegramUserId: 4242 });
          assert.equal(botToken.status, 200);
          const viaBot = await open(botToken.body.token, g, linked.body.position);
          const own = await open(session.token, g, linked.body.position);
          assert.equal((await bob.as(session.token).delete("/v1/me/sessions")).status, 200);
          assert.equal(await endOf(own), "session_ended", "the announcement arrived");
          await changeAt(viaBot, await write());
          await viaBot.cancel();
        });

        await t.step("a token ends its stream at its expiry", async () => {
          const session = await login("bob@example.com");
          const sessionId = session.refreshToken.split(".")[0];
          // Signed like the server's tokens, but for a few seconds, by a clock behind by the
          // tolerated skew: the server accepts it until a few seconds from now (ADR 0026).
          const short = createTokenIssuer({
            secret: JWT_SECRET,
            lifetimeSeconds: 5,
            now: () => new Date(Date.now() - CLOCK_SKEW_SECONDS * 1000),
          });
          const { token, expiresAt } = await short.issue(bobId, { sessionId });
          const stream = await open(token, g, position);
          assert.equal(await endOf(stream), "token_expired");
          assert.ok(
            Date.now() >= expiresAt.getTime() + CLOCK_SKEW_SECONDS * 1000 - 1,
            "not before its exp and the skew",
          );
          assert.equal(await openStatus(token, g), 401);
        });

        await t.step("a role that still reads keeps the stream; removal ends it", async () => {
          const session = await login("bob@example.com");
          const stream = await open(session.token, g, position);
          const member = added.body.id as string;
          const promoted = await ana.patch(`/v1/groups/${g}/members/${member}`, {
            role: "member",
          });
          assert.equal(promoted.status, 200, JSON.stringify(promoted.body));
          await changeAt(stream, promoted.body.position);
          const demoted = await ana.patch(`/v1/groups/${g}/members/${member}`, {
            role: "auditor",
          });
          assert.equal(demoted.status, 200);
          await changeAt(stream, demoted.body.position);
          await changeAt(stream, await write());

          const removed = await ana.delete(`/v1/groups/${g}/members/${member}`);
          assert.equal(removed.status, 200, JSON.stringify(removed.body));
          assert.equal(await endOf(stream), "removed");
          position = removed.body.position;
          assert.equal(await openStatus(session.token, g, position), 404);
        });

        const ends = lines.map((l) => JSON.parse(l)).filter((l) =>
          l.msg === "live stream ended: access ended"
        );
        assert.deepEqual(
          [...new Set(ends.map((l) => l.reason))].sort(),
          ["removed", "session_ended", "token_expired"],
        );
        assert.ok(ends.every((l) => l.level === "info" && l.groupId === g));
        const log = lines.join("\n");
        for (const token of tokens) assert.ok(!log.includes(token), "no token in the logs");
      } finally {
        for (const r of readers) await r.cancel().catch(() => {});
        await running.stop();
      }
    },
  });
}
