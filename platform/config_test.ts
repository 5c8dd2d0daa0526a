import assert from "node:assert/strict";
import { z } from "zod";
import { ConfigError, loadConfig, schemaEnv } from "./config.ts";

const Schema = z.object({
  KOPEK_CONFIG_TEST_NAME: z.string(),
  KOPEK_CONFIG_TEST_COUNT: z.coerce.number().default(3),
});

Deno.test("schemaEnv reads exactly the schema's variables from the process", () => {
  Deno.env.set("KOPEK_CONFIG_TEST_NAME", "kopek");
  Deno.env.set("KOPEK_CONFIG_TEST_OTHER", "not in the schema");
  try {
    assert.deepEqual(schemaEnv(Schema), {
      KOPEK_CONFIG_TEST_NAME: "kopek",
      KOPEK_CONFIG_TEST_COUNT: undefined,
    });
    assert.deepEqual(loadConfig(Schema), {
      KOPEK_CONFIG_TEST_NAME: "kopek",
      KOPEK_CONFIG_TEST_COUNT: 3,
    });
  } finally {
    Deno.env.delete("KOPEK_CONFIG_TEST_NAME");
    Deno.env.delete("KOPEK_CONFIG_TEST_OTHER");
  }
});

Deno.test("loadConfig reads a given environment instead of the process's", () => {
  assert.deepEqual(
    loadConfig(Schema, {
      KOPEK_CONFIG_TEST_NAME: "given",
      KOPEK_CONFIG_TEST_COUNT: "7",
      OTHER: "x",
    }),
    { KOPEK_CONFIG_TEST_NAME: "given", KOPEK_CONFIG_TEST_COUNT: 7 },
  );
  assert.throws(
    () => loadConfig(Schema, { KOPEK_CONFIG_TEST_NAME: "" }),
    (e) => e instanceof ConfigError && e.problems[0].variable === "KOPEK_CONFIG_TEST_NAME",
  );
});
