import assert from "node:assert/strict";
import { resolveFx } from "./fx.ts";

const resolver = {
  rate: (from: string, to: string, date: string) =>
    Promise.resolve(from === "USD" && to === "EUR" ? { rate: "0.9", date, source: "ecb" } : null),
};

Deno.test("resolveFx() needs nothing in the group's currency and prefers the client's conversion", async () => {
  assert.equal(await resolveFx({ currency: "EUR", date: "2026-12-01" }, "EUR", resolver), null);
  assert.deepEqual(
    await resolveFx({ currency: "USD", date: "2026-12-01", fx: { rate: "0.8" } }, "EUR", resolver),
    { kind: "rate", rate: "0.8", date: "2026-12-01", source: "client" },
  );
  assert.deepEqual(
    await resolveFx(
      { currency: "USD", date: "2026-12-01", fx: { convertedAmount: "9.00" } },
      "EUR",
      resolver,
    ),
    { kind: "converted", amount: "9.00", date: "2026-12-01" },
  );
});

Deno.test("resolveFx() asks the resolver otherwise, and gives null when it knows no rate", async () => {
  assert.deepEqual(await resolveFx({ currency: "USD", date: "2026-12-01" }, "EUR", resolver), {
    kind: "rate",
    rate: "0.9",
    date: "2026-12-01",
    source: "ecb",
  });
  assert.equal(await resolveFx({ currency: "GBP", date: "2026-12-01" }, "EUR", resolver), null);
  assert.equal(await resolveFx({ currency: "GBP", date: "2026-12-01" }, "EUR", undefined), null);
});
