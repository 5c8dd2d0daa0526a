/**
 * What signing in costs, through HTTP on the all-in-one process: a
 * registration (Argon2id, a data key made, the personal fields sealed), a login
 * (Argon2id at OWASP's cost, plus a new session event), a refresh (rotation:
 * read the session, append one event, sign a JWT), and a rate-limited
 * request (the 429 answer, counted in process). Prints p50/p99 and the rate.
 * Run with `deno bench -A cli/bench/auth_bench.ts`.
 */
import { createTestDatabase } from "@kopek/platform/testing";
import { KopekClient, startForTest } from "@kopek/testing";

const N = Number(Deno.env.get("KOPEK_BENCH_AUTH_N") ?? "200");
const PASSWORD = "correct horse battery staple";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function report(label: string, times: number[], total: number) {
  const sorted = [...times].sort((a, b) => a - b);
  // deno-lint-ignore no-console
  console.log(
    `${label}: ${times.length} in ${(total / 1000).toFixed(1)} s = ${
      Math.round(times.length / (total / 1000))
    }/s, p50 ${percentile(sorted, 0.5).toFixed(1)} ms, p99 ${
      percentile(sorted, 0.99).toFixed(1)
    } ms`,
  );
}

async function timed(n: number, f: (i: number) => Promise<void>): Promise<[number[], number]> {
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f(i);
    times.push(performance.now() - t);
  }
  return [times, performance.now() - start];
}

Deno.bench({
  name: "auth: login, refresh, and a refused guess over HTTP",
  n: 1,
  warmup: 0,
  async fn(b) {
    await using db = await createTestDatabase("kopek_authbench");
    const running = await startForTest(db.url, { KOPEK_RATE_LIMITS: "off" });
    const limited = await startForTest(db.url, {});
    try {
      const api = new KopekClient(running.url);
      const email = `bench-${crypto.randomUUID()}@example.com`;
      const reg = await api.post("/v1/auth/register", {
        email,
        password: PASSWORD,
        displayName: "B",
      });
      b.start();
      report(
        "register",
        ...await timed(Math.max(10, Math.floor(N / 10)), async (i) => {
          const a = await api.post("/v1/auth/register", {
            email: `new-${i}-${email}`,
            password: PASSWORD,
            displayName: `Bench ${i}`,
          });
          if (a.status !== 201) throw new Error(`register ${a.status}`);
        }),
      );
      const logins = Math.max(20, Math.floor(N / 5));
      report(
        "login",
        ...await timed(logins, async () => {
          const a = await api.post("/v1/auth/login", { email, password: PASSWORD });
          if (a.status !== 200) throw new Error(`login ${a.status}`);
        }),
      );
      let token = reg.body.refreshToken as string;
      report(
        "refresh",
        ...await timed(N, async () => {
          const a = await api.post("/v1/auth/refresh", { refreshToken: token });
          if (a.status !== 200) throw new Error(`refresh ${a.status}`);
          token = a.body.refreshToken;
        }),
      );
      const guesser = new KopekClient(limited.url);
      for (let i = 0; i < 10; i++) {
        await guesser.post("/v1/auth/login", { email, password: `guess ${i}` });
      }
      report(
        "refused guess (429)",
        ...await timed(N, async () => {
          const a = await guesser.post("/v1/auth/login", { email, password: "guess" });
          if (a.status !== 429) throw new Error(`guess ${a.status}`);
        }),
      );
      b.end();
    } finally {
      await limited.stop();
      await running.stop();
    }
  },
});
