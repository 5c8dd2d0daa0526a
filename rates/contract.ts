/**
 * The contract every {@linkcode RateSource} adapter passes: call
 * `rateSourceContract("name()", setup)` from the adapter's test file.
 *
 * @module
 */
import assert from "node:assert/strict";
import { parseRate } from "@kopek/domain";
import { isIsoDate } from "./ecb/parse.ts";
import { type Publication, type RateSource, RateSourceError } from "./source.ts";

/** A source under test, and switches that make it misbehave. */
export interface RateSourceFixture extends AsyncDisposable {
  /** The adapter, answering with recorded data. */
  readonly source: RateSource;
  /** From now on its upstream answers an error. */
  fail(): void;
  /** From now on its upstream never answers. */
  hang(): void;
}

/** Asserts what every fetch must return: valid publications, newest first, each date once. */
export function assertPublications(publications: readonly Publication[]): void {
  assert.ok(publications.length > 0, "a fetch returns at least one publication");
  const dates = publications.map((p) => p.date);
  assert.deepEqual(dates, [...dates].sort().reverse(), "newest first");
  assert.equal(new Set(dates).size, dates.length, "each date once");
  for (const p of publications) {
    assert.ok(isIsoDate(p.date), `date ${p.date}`);
    assert.match(p.base, /^[A-Z]{3}$/);
    const codes = Object.keys(p.rates);
    assert.ok(codes.length > 0, `${p.date} has rates`);
    assert.ok(!codes.includes(p.base), `${p.date} does not quote its base`);
    for (const code of codes) {
      assert.match(code, /^[A-Z]{3}$/);
      parseRate(p.rates[code]);
    }
  }
}

/** Registers the contract's tests for one adapter. */
export function rateSourceContract(
  name: string,
  setup: () => Promise<RateSourceFixture>,
): void {
  Deno.test(`${name} fetches the latest publication`, async () => {
    await using f = await setup();
    const publications = await f.source.fetch();
    assertPublications(publications);
  });

  Deno.test(`${name} fetches recent history, newest first`, async () => {
    await using f = await setup();
    const history = await f.source.fetch({ scope: "history" });
    assertPublications(history);
    assert.ok(history.length > 1, "history holds more than one day");
  });

  Deno.test(`${name} rejects with a RateSourceError when the upstream fails`, async () => {
    await using f = await setup();
    f.fail();
    await assert.rejects(f.source.fetch(), RateSourceError);
  });

  Deno.test(`${name} gives up with a timeout error when its signal times out`, async () => {
    await using f = await setup();
    f.hang();
    const started = performance.now();
    await assert.rejects(
      f.source.fetch({ signal: AbortSignal.timeout(100) }),
      (e) => e instanceof RateSourceError && e.kind === "timeout",
    );
    assert.ok(performance.now() - started < 5_000);
  });
}
