import assert from "node:assert/strict";
import { z } from "zod";
import {
  ConfigError,
  loadConfig,
  schemaEnv,
  ServerConfigFields,
  serverSettings,
} from "./config.ts";

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

Deno.test("server settings: seconds to milliseconds, the body timeout never below the headers one", () => {
  const Server = z.object(ServerConfigFields);
  assert.deepEqual(serverSettings(loadConfig(Server, {})), {
    hostname: "0.0.0.0",
    limits: {
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 75_000,
      maxConnections: 2_000,
    },
    graceMs: 7_000,
  });
  const short = serverSettings(loadConfig(Server, {
    KOPEK_HTTP_HEADERS_TIMEOUT_SECONDS: "20",
    KOPEK_HTTP_BODY_TIMEOUT_SECONDS: "0.5",
    KOPEK_SHUTDOWN_GRACE_SECONDS: "1.5",
    KOPEK_HOSTNAME: "127.0.0.1",
  }));
  assert.equal(short.hostname, "127.0.0.1");
  assert.equal(short.limits.requestTimeoutMs, 20_000);
  assert.equal(short.graceMs, 1_500);
  for (
    const [variable, value] of [
      ["KOPEK_HTTP_HEADERS_TIMEOUT_SECONDS", "0"],
      ["KOPEK_HTTP_MAX_CONNECTIONS", "1.5"],
      ["KOPEK_SHUTDOWN_GRACE_SECONDS", "61"],
      ["KOPEK_HTTP_IDLE_TIMEOUT_SECONDS", "soon"],
    ]
  ) {
    assert.throws(
      () => loadConfig(Server, { [variable]: value }),
      (e) => e instanceof ConfigError && e.problems[0].variable === variable,
    );
  }
});
