import assert from "node:assert/strict";
import { isServiceVerb } from "./service_verbs.ts";

const services = new Set([
  ...["venmo", "payid", "gpay", "zelle", "twint", "bizum", "pix", "paypal", "plin", "snapscan"],
  ...["eft", "opay"],
]);

Deno.test("isServiceVerb(): a service's name with a verb ending of the five languages", () => {
  for (
    const key of [
      "venmoed",
      "payid'd",
      "gpayed",
      "gpayd",
      "zelled",
      "twintet",
      "getwintet",
      "bizumeado",
      "bizumee",
      "pixei",
      "pixou",
      "paypaled",
      "paypalled",
      "plineo",
      "snapscanned",
      "eft'd",
      "opay'd",
    ]
  ) assert.ok(isServiceVerb(key, services), key);
  for (const key of ["venmo", "pix", "paid", "twin", "bizum", "gate"]) {
    assert.ok(!isServiceVerb(key, services), key);
  }
});
