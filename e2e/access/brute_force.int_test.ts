/**
 * A brute-force login run against one account from one address is cut off
 * by the rate limit, before any more guesses are checked; the account's
 * owner still signs in from another address. Behind a proxy (Traefik), the
 * client's address is the proxy's last `X-Forwarded-For` hop.
 */
import assert from "node:assert/strict";
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

Deno.test("a brute-force login run is cut off; the owner still signs in from elsewhere", async () => {
  await using db = await createTestDatabase();
  const running = await startForTest(db.url, { KOPEK_TRUST_PROXY: "on" });
  try {
    const api = new KopekClient(running.url);
    await api.register("victim@example.com", "Victim");
    // The limit counts in fixed 15-minute windows aligned to the clock: start well inside one.
    const WINDOW = 15 * 60_000;
    const left = WINDOW - (Date.now() % WINDOW);
    if (left < 20_000) await new Promise((r) => setTimeout(r, left + 100));
    const attacker = { "X-Forwarded-For": "198.51.100.7" };
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 30; i++) {
      const a = await api.post(
        "/v1/auth/login",
        { email: "victim@example.com", password: `guess number ${i}` },
        attacker,
      );
      statuses.push(a.status);
      if (a.status === 429) retryAfter ??= a.headers.get("retry-after");
    }
    const firstLimited = statuses.indexOf(429);
    assert.equal(firstLimited, 10, `10 guesses, then cut off: ${statuses.join(",")}`);
    assert.ok(statuses.slice(0, 10).every((s) => s === 401));
    assert.ok(statuses.slice(10).every((s) => s === 429), "and it stays cut off");
    assert.ok(
      Number(retryAfter) >= 1 && Number(retryAfter) <= 15 * 60,
      `Retry-After ${retryAfter}`,
    );

    // Even the right password is refused from the attacker's address while the window lasts...
    const fromAttacker = await api.post("/v1/auth/login", {
      email: "victim@example.com",
      password: "correct horse battery staple",
    }, attacker);
    assert.equal(fromAttacker.status, 429);
    // ...but the owner, elsewhere, signs in.
    const owner = await api.post("/v1/auth/login", {
      email: "victim@example.com",
      password: "correct horse battery staple",
    }, { "X-Forwarded-For": "203.0.113.20" });
    assert.equal(owner.status, 200);
    // A spoofed first hop does not help: only the proxy's last hop counts.
    const spoofed = await api.post("/v1/auth/login", {
      email: "victim@example.com",
      password: "guess again",
    }, { "X-Forwarded-For": "203.0.113.20, 198.51.100.7" });
    assert.equal(spoofed.status, 429);
  } finally {
    await running.stop();
  }
});
