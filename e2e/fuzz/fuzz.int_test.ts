/**
 * Bad input never yields a 5xx: fast-check throws generated garbage at EVERY
 * route of the OpenAPI route table (`OPERATIONS`: writes and reads, accounts,
 * sessions, the bot's service routes, invites) of a Kopek started in-process,
 * all-in-one, on a throwaway database. A route without a fuzz route fails the
 * first test below. Every answer must also be one the contract's row for its
 * route lists: its status, and a problem's code (`_kit/contract.ts`).
 *
 * The route table is split by route family (`e2e/fuzz/<family>.ts`, joined in
 * `routes.ts` in the order the seed draws from); the generators, the request
 * builders and the checks are in `_kit/`, the seed-free regressions in
 * `regressions.ts`.
 *
 * Writes: valid bodies are mutated (wrong types, huge strings, unicode edge
 * cases, injection strings, huge numbers, unknown and duplicate keys, deep
 * JSON, invalid UTF-8), whole bodies are replaced, and headers and path ids
 * are garbled. Reads: the query string is garbled (unknown, repeated and
 * invalid parameters, huge values, injection strings, percent-encoding
 * garbage, forged cursors), and so are path ids, `Kopek-Min-Position` (or
 * `?minPosition=`), `If-None-Match`, `Last-Event-ID` and `Authorization`.
 * Known-good requests are mixed in so that the fixture is known to work.
 *
 * Properties: no status ≥ 500 (nor a sync result ≥ 500), except the documented
 * 503 `position_not_reached` (with `Retry-After`) of a read that asks for a
 * position the read models have not reached; every error is
 * `application/problem+json` whose `status` is the HTTP status; a rejected
 * write appends no event (the one refusal that does by design, a reused
 * refresh token ending its session, is checked among the known-good
 * requests), and no read appends any; a request that is bound to
 * be refused is refused (with the exact status where only one thing is wrong);
 * and at the end `/healthz` answers 200 and the read models have applied every
 * event that was accepted.
 *
 * At least 10,000 generated requests are sent (counted, and asserted, at the
 * end). Rate limits are off in this instance (`KOPEK_RATE_LIMITS=off`): they
 * would turn garbage into 429s, and they are tested on their own
 * (`platform/http/rate_limit*_test.ts`, `e2e/access/brute_force.int_test.ts`).
 *
 * `KOPEK_FUZZ_RUNS` and `KOPEK_FUZZ_SEED` override the number of generated
 * requests and the seed (fixed by default so that CI is reproducible;
 * `KOPEK_FUZZ_SEED=random` explores).
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import { OPERATIONS } from "@kopek/query-api";
import { createTestDatabase } from "@kopek/platform/testing";
import { importRatesFile, ratesMigrate } from "@kopek/rates";
import { startForTest } from "@kopek/testing";
import { buildRead, readMutation, validQuery } from "./_kit/build_read.ts";
import { buildRequest } from "./_kit/build_write.ts";
import {
  assertAnswerInContract,
  assertProjected,
  check,
  checkRead,
  importEnd,
  send,
  settle,
} from "./_kit/check.ts";
import {
  BOT_KEY,
  eventLog,
  type Fixture,
  JWT_SECRET,
  MIN_REQUESTS,
  setUp,
  topUp,
} from "./_kit/fixture.ts";
import { mutation } from "./_kit/mutations.ts";
import { describe, fuzzSeed, type Req } from "./_kit/request.ts";
import type { Route } from "./_kit/route.ts";
import { regressions } from "./regressions.ts";
import { GOOD, ROUTES } from "./routes.ts";
// ---------------------------------------------------------------------------

Deno.test("every route of the OpenAPI route table is fuzzed, and every fuzzed route is one", () => {
  const operations = OPERATIONS.map((o) => `${o.method.toUpperCase()} ${o.path}`);
  const fuzzed = ROUTES.map((r) => r.op);
  assert.deepEqual(operations.filter((o) => !fuzzed.includes(o)), [], "routes without fuzzing");
  assert.deepEqual(fuzzed.filter((o) => !operations.includes(o)), [], "fuzz routes of no route");
  assert.equal(new Set(fuzzed).size, fuzzed.length, "a route fuzzed twice");
  for (const r of ROUTES) assert.equal(r.op.split(" ")[0], r.method, r.name);
});

Deno.test("every route: garbage never yields a 5xx, appends nothing, and is refused", async (t) => {
  await using db = await createTestDatabase();
  await ratesMigrate(db.sql);
  await importRatesFile(
    db.sql,
    new URL("../../rates/testdata/eurofxref-daily-2022-07-08.xml", import.meta.url),
  );
  const running = await startForTest(db.url, {
    KOPEK_RATE_LIMITS: "off",
    KOPEK_BOT_API_KEY: BOT_KEY,
    KOPEK_JWT_SECRET: JWT_SECRET,
    // Generated reads ask for positions far ahead (a 503 after the wait): keep the wait short.
    KOPEK_READ_WAIT_SECONDS: "2",
    // Every append must be a request's: the scheduler would record the fuzzed recurrences'
    // occurrences in between (its own exactly-once tests are in scheduler/ and e2e/api/).
    KOPEK_SCHEDULER: "off",
  });
  try {
    const f = await setUp(running.url, db);
    await t.step("the bugs the fuzz found stay fixed", () => regressions(f));
    await t.step("generated requests", () => fuzz(f));
    const health = await fetch(`${f.base}/healthz`);
    await health.body?.cancel();
    assert.equal(health.status, 200, "/healthz at the end");
    await assertProjected(f, (await eventLog(db)).head, "the end");
  } finally {
    await running.stop();
  }
});

/** A generated write: a valid body of the route, garbled. */
function writeArb(f: Fixture, route: Route): fc.Arbitrary<Req> {
  return fc.record({
    body: route.body ? route.body(f) : fc.constant(undefined),
    mutations: fc.oneof(
      { weight: 3, arbitrary: mutation.map((m) => [m]) },
      { weight: 1, arbitrary: fc.array(mutation, { minLength: 2, maxLength: 3 }) },
    ),
  }).map(({ body, mutations }) => buildRequest(f, route, body, mutations));
}

/** A generated read: a valid query of the route, garbled (or, now and then, not). */
function readArb(f: Fixture, route: Route): fc.Arbitrary<Req> {
  return fc.record({
    query: validQuery(f, route),
    mutations: fc.oneof(
      { weight: 6, arbitrary: readMutation.map((m) => [m]) },
      { weight: 2, arbitrary: fc.array(readMutation, { minLength: 2, maxLength: 3 }) },
      { weight: 1, arbitrary: fc.constant([]) },
    ),
  }).map(({ query, mutations }) => buildRead(f, route, query, mutations));
}

/** One known-good sequence in how many runs. */
const GOOD_EVERY = 20;

/**
 * One generated request per run (so at least {@linkcode MIN_REQUESTS}), at a
 * route drawn from the route table, now and then followed by a known-good
 * sequence.
 */
async function fuzz(f: Fixture) {
  const db = f.db;
  const runs = Deno.env.get("KOPEK_FUZZ_RUNS");
  const numRuns = runs ? Number(runs) : MIN_REQUESTS;
  const perRoute = new Map<string, number>();
  let requests = 0;
  let accepted = 0;
  let answered = 0;

  const generated = fc.oneof(
    ...ROUTES.map((route) => ({ weight: route.weight ?? 4, arbitrary: fc.constant(route) })),
  ).chain((route) =>
    route.raw ? route.raw(f) : route.method === "GET" ? readArb(f, route) : writeArb(f, route)
  )
    .map((r) => Object.assign(r, { [fc.toStringMethod]: () => describe(r) }));
  const good = fc.oneof(
    { weight: GOOD_EVERY - 1, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        ...Object.entries(GOOD).map(([name, g]) => ({
          weight: g.weight,
          arbitrary: fc.constant(name),
        })),
      ),
    },
  );

  await fc.assert(
    fc.asyncProperty(generated, good, async (r, goodName) => {
      const before = await eventLog(db);
      let a = await send(f.base, r);
      assertAnswerInContract(r, a);
      // A queued import is judged by how its job ends (its events are appended meanwhile).
      if (r.route === "import" && a.status === 202) a = await importEnd(f, r, a);
      const after = await eventLog(db);
      requests++;
      perRoute.set(r.route, (perRoute.get(r.route) ?? 0) + 1);
      f.seen.head = after.head;
      if (r.read) {
        if (!checkRead(r, a, before.count, after.count)) answered++;
      } else {
        const rejected = check(r, a, before.count, after.count);
        if (!rejected && after.count > before.count) {
          accepted++;
          await assertProjected(f, after.head, describe(r));
        }
        await settle(f, r, a);
      }
      if (goodName !== null) {
        const g = GOOD[goodName];
        const start = await eventLog(db);
        await g.run(f, f.ana);
        const end = await eventLog(db);
        if (g.appends) assert.ok(end.count > start.count, `good ${goodName} appended no event`);
        else assert.equal(end.count, start.count, `good ${goodName} appended events`);
        await assertProjected(f, end.head, `good ${goodName}`);
        f.seen.head = end.head;
      }
      await topUp(f);
    }),
    {
      numRuns,
      // A fixed seed keeps CI reproducible; set KOPEK_FUZZ_SEED=random (or a number) to explore.
      seed: fuzzSeed(),
    },
  );

  // Every route had its share (the route table is checked against OPERATIONS above): at least a
  // third of what its weight gives it (at most 30), so that a route added to the table never
  // starves one of small weight below a fixed floor.
  const totalWeight = ROUTES.reduce((sum, route) => sum + (route.weight ?? 4), 0);
  for (const route of ROUTES) {
    const expected = numRuns * (route.weight ?? 4) / totalWeight;
    const floor = Math.min(30, Math.floor(expected / 3));
    const got = perRoute.get(route.name) ?? 0;
    assert.ok(got >= floor, `too few requests at ${route.name}: ${got}, at least ${floor}`);
  }
  assert.ok(requests >= (runs ? numRuns : MIN_REQUESTS), `only ${requests} generated requests`);
  assert.ok(accepted > 0, "some garbled writes were valid after all, and accepted");
  assert.ok(answered > 0, "some garbled reads were valid after all, and answered");
}
