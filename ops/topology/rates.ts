/**
 * The rates worker in the topology test: a local mirror serving the recorded
 * ECB files of `rates/testdata` (the daily file of 2022-07-08, the 90-day
 * file ending 2017-03-03) at `KOPEK_RATES_DAILY_URL` and
 * `KOPEK_RATES_HISTORY_URL`, `deno task serve:rates` on the topology's
 * PgBouncer and Valkey, and reads through the balancer that must answer
 * exactly the recorded rates: the EUR table, a cross rate (USD base), and a
 * USD expense converted with the stored rate. Later the worker is killed, the
 * mirror publishes a newer file, and a new worker's rates must reach the
 * API's readers through the restarted Valkey's cache generation.
 *
 * @module
 */
import assert from "node:assert/strict";
import { v7 as uuidv7 } from "uuid";
import { parseEcbXml } from "../../rates/ecb/parse.ts";
import { crossRate } from "../../rates/cross.ts";
import type { Publication } from "../../rates/source.ts";
import type { KopekProcess } from "../faults/harness.ts";

const TESTDATA = new URL("../../rates/testdata/", import.meta.url);
/** The recorded files, under the names the ECB gives them. */
const FILES = {
  "/stats/eurofxref/eurofxref-daily.xml": "eurofxref-daily-2022-07-08.xml",
  "/stats/eurofxref/eurofxref-hist-90d.xml": "eurofxref-hist-90d-2017.xml",
} as const;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The newest publication of the 90-day file and the daily one. */
export const HISTORY_DATE = "2017-03-03";
export const DAILY_DATE = "2022-07-08";

/** A mirror of the ECB's files on 127.0.0.1. */
export interface RatesMirror extends AsyncDisposable {
  readonly dailyUrl: string;
  readonly historyUrl: string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  /** The publications of each file, parsed as the worker parses them. */
  readonly daily: Publication[];
  readonly history: Publication[];
  /**
   * A new day: the 90-day URL serves the recorded daily file from now on (a
   * file with one publication, 2022-07-08), as the ECB's grows a day.
   */
  publish(): void;
  close(): Promise<void>;
}

/** Serves the recorded files as a self-hoster's mirror would (same paths as the ECB's). */
export async function startRatesMirror(): Promise<RatesMirror> {
  const bodies = new Map<string, string>();
  for (const [path, file] of Object.entries(FILES)) {
    bodies.set(path, await Deno.readTextFile(new URL(file, TESTDATA)));
  }
  const requests: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const path = new URL(req.url).pathname;
    requests.push(path);
    const body = bodies.get(path);
    return body === undefined
      ? new Response("not found", { status: 404 })
      : new Response(body, { headers: { "content-type": "text/xml; charset=utf-8" } });
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  let closing: Promise<void> | undefined;
  const close = () => closing ??= server.shutdown();
  return {
    dailyUrl: `${base}/stats/eurofxref/eurofxref-daily.xml`,
    historyUrl: `${base}/stats/eurofxref/eurofxref-hist-90d.xml`,
    requests,
    daily: parseEcbXml(bodies.get("/stats/eurofxref/eurofxref-daily.xml")!),
    history: parseEcbXml(bodies.get("/stats/eurofxref/eurofxref-hist-90d.xml")!),
    publish() {
      bodies.set(
        "/stats/eurofxref/eurofxref-hist-90d.xml",
        bodies.get("/stats/eurofxref/eurofxref-daily.xml")!,
      );
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The variables that point `serve:rates` at the mirror. */
export function ratesEnv(mirror: RatesMirror): Record<string, string> {
  return {
    KOPEK_RATES_DAILY_URL: mirror.dailyUrl,
    KOPEK_RATES_HISTORY_URL: mirror.historyUrl,
    KOPEK_LOG_LEVEL: "info",
  };
}

/** `"4.7630"` and `"4.763"` are the same rate: compare them as decimals without trailing zeros. */
function decimal(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function sameRates(got: Record<string, string>, want: Readonly<Record<string, string>>): boolean {
  const a = Object.keys(got).sort();
  const b = Object.keys(want).sort();
  return a.length === b.length &&
    a.every((k, i) => k === b[i] && decimal(got[k]) === decimal(want[k]));
}

/** One publication the API must serve, read through the balancer until it does. */
async function waitForPublication(
  base: string,
  token: string,
  publication: Publication,
  boundMs: number,
  what: string,
): Promise<number> {
  const started = performance.now();
  let last = "no answer";
  while (performance.now() - started < boundMs) {
    const res = await fetch(`${base}/v1/rates?base=EUR&date=${publication.date}`, {
      headers: { authorization: `Bearer ${token}` },
    }).catch((e) => e as Error);
    if (res instanceof Response) {
      const body = await res.json().catch(() => ({}));
      last = `${res.status} ${JSON.stringify(body).slice(0, 300)}`;
      if (
        res.status === 200 && body.date === publication.date && body.source === "ecb" &&
        sameRates(body.rates, publication.rates)
      ) {
        return performance.now() - started;
      }
    } else {
      last = String(res);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(
    `${what}: GET /v1/rates did not answer the ${publication.date} rates (last: ${last})`,
  );
}

/** Where a conversion is written: the balancer, a user and their group. */
export interface ConversionTarget {
  readonly base: string;
  readonly token: string;
  readonly groupId: string;
  readonly memberId: string;
}

/** What the rates part of the topology test saw. */
export interface RatesChecks {
  /**
   * Waits until the API answers the 90-day file's newest rates, then checks a
   * cross rate and a conversion by the command API.
   */
  check(target: ConversionTarget, what: string): Promise<void>;
  /**
   * SIGKILLs the worker, lets the mirror publish a new day, starts a new
   * worker (its first run reads the 90-day URL) and waits until the API
   * answers the new day's rates.
   */
  newDay(base: string, token: string): Promise<void>;
}

/**
 * Starts `serve:rates` through `spawn` (the topology's, with its database and
 * Valkey) against a mirror, and answers the checks the test calls at its
 * steps; each pushes what it saw to `lines` (the test's figures).
 */
export async function startTopologyRates(
  spawn: (task: string, env: Record<string, string>) => KopekProcess,
  lines: string[],
): Promise<RatesChecks & AsyncDisposable & { close(): Promise<void> }> {
  const mirror = await startRatesMirror();
  /** A new `serve:rates`, once its first run (the 90-day URL) stored what it fetched. */
  const started = async () => {
    const p = spawn("serve:rates", ratesEnv(mirror));
    const t = performance.now();
    // Waited for, so that no other Deno process is loading at the same time.
    while (!p.output().includes('"rates fetched"')) {
      if (p.exited() || performance.now() - t > 120_000) {
        assert.fail(`serve:rates did not fetch from the mirror:\n${p.output()}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return { p, ms: performance.now() - t };
  };
  let worker: KopekProcess;
  try {
    const first = await started();
    worker = first.p;
    lines.push(
      `rates: serve:rates stored the mirror's 90-day file ${seconds(first.ms)} after its spawn`,
    );
  } catch (e) {
    await mirror.close();
    throw e;
  }
  const latest = mirror.history[0];
  assert.equal(latest.date, HISTORY_DATE);
  return {
    async check(target, what) {
      const { base, token } = target;
      if (worker.exited()) assert.fail(`serve:rates exited:\n${worker.output()}`);
      const ms = await waitForPublication(base, token, latest, 60_000, what);
      // A cross rate: USD as base, from the same publication, as rates/cross.ts computes it.
      const usd = await fetch(`${base}/v1/rates?base=USD&date=${HISTORY_DATE}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const table = await usd.json();
      assert.equal(usd.status, 200, `${what}: ${JSON.stringify(table)}`);
      assert.equal(table.rates.EUR, crossRate(latest.rates.USD, "1"), `${what}: USD → EUR`);
      assert.equal(
        table.rates.JPY,
        crossRate(latest.rates.USD, latest.rates.JPY),
        `${what}: USD → JPY`,
      );
      const converted = await convertThroughBalancer(target, latest);
      lines.push(
        `rates ${what}: the ${HISTORY_DATE} table (${
          Object.keys(latest.rates).length
        } currencies) after ${seconds(ms)}, USD cross rates, ` +
          `105.65 USD converted to ${converted} EUR, through the balancer`,
      );
    },
    async newDay(base, token) {
      // Not published yet: a 404, which the query API caches under the current generation, so
      // the new rates are read only if the new worker's generation reaches the restarted Valkey.
      const before = await fetch(`${base}/v1/rates?base=EUR&date=${DAILY_DATE}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await before.body?.cancel();
      assert.equal(before.status, 404, `the ${DAILY_DATE} rates before they were published`);
      const t = performance.now();
      worker.signal("SIGKILL");
      await worker.status;
      mirror.publish();
      const again = await started();
      worker = again.p;
      const ms = await waitForPublication(
        base,
        token,
        mirror.daily[0],
        60_000,
        "after the rates worker's restart",
      );
      lines.push(
        `rates: serve:rates SIGKILLed, the mirror's next file (${DAILY_DATE}) stored by a new one ` +
          `${seconds(again.ms)} after its spawn, served through the balancer ${
            seconds(ms)
          } later ` +
          `(${seconds(performance.now() - t)} in all); mirror requests: ${
            mirror.requests.map((p) => p.split("/").at(-1)).join(", ")
          }`,
      );
    },
    close,
    [Symbol.asyncDispose]: close,
  };
  async function close() {
    await worker.stop();
    await mirror.close();
  }
}

/**
 * Records a USD expense dated on the 90-day file's newest day without a rate,
 * through the balancer: the command API converts it with the stored rate.
 * Answers the converted amount.
 */
export async function convertThroughBalancer(
  target: ConversionTarget,
  latest: Publication,
): Promise<string> {
  const id = uuidv7();
  const body = JSON.stringify({
    id,
    description: "topology rates conversion",
    total: { amount: "105.65", currency: "USD" },
    date: latest.date,
    category: "food",
    paidBy: [{ memberId: target.memberId, amount: "105.65" }],
    split: { mode: "equal", shares: [{ memberId: target.memberId }] },
  });
  // The same id on a retry: a 503 during the faults never records it twice.
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(`${target.base}/v1/groups/${target.groupId}/expenses`, {
      method: "POST",
      headers: { authorization: `Bearer ${target.token}`, "content-type": "application/json" },
      body,
    });
    const answer = await res.json().catch(() => ({}));
    if (res.status === 201 || res.status === 200) {
      assert.deepEqual(answer.fx, {
        rate: crossRate(latest.rates.USD, "1"),
        date: latest.date,
        source: "ecb",
      }, JSON.stringify(answer));
      assert.equal(answer.converted.currency, "EUR");
      return answer.converted.amount;
    }
    assert.ok(res.status >= 500, `the conversion answered ${res.status} ${JSON.stringify(answer)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the conversion was not acknowledged in 20 attempts");
}
