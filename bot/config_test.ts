import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "@kopek/platform";
import { BotConfig } from "./config.ts";

Deno.test("the bot's configuration: defaults and required variables", () => {
  const config = loadConfig(BotConfig, {
    KOPEK_TELEGRAM_TOKEN: "123456:ABC-def_1",
    KOPEK_BOT_API_KEY: "k".repeat(32),
  });
  assert.equal(config.KOPEK_API_URL, "http://127.0.0.1:8080");
  assert.throws(() => loadConfig(BotConfig, {}), (e) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /KOPEK_TELEGRAM_TOKEN/);
    assert.match(e.message, /KOPEK_BOT_API_KEY/);
    return true;
  });
});

Deno.test("the bot's configuration: the language-model fallback is off unless given a URL and a model", async () => {
  const base = { KOPEK_TELEGRAM_TOKEN: "123456:ABC-def_1", KOPEK_BOT_API_KEY: "k".repeat(32) };
  const off = loadConfig(BotConfig, base);
  assert.equal(off.KOPEK_BOT_LLM_URL, undefined);
  assert.equal(off.KOPEK_BOT_LLM_TIMEOUT_MS, 5000);
  assert.equal(off.KOPEK_BOT_LLM_USER_HOURLY, 10);
  assert.equal(off.KOPEK_BOT_LLM_DAILY, 500);
  assert.throws(
    () => loadConfig(BotConfig, { ...base, KOPEK_BOT_LLM_URL: "http://127.0.0.1:11434/v1" }),
    /KOPEK_BOT_LLM_MODEL is required with KOPEK_BOT_LLM_URL/,
  );
  assert.throws(
    () =>
      loadConfig(BotConfig, {
        ...base,
        KOPEK_BOT_LLM_URL: "ftp://model",
        KOPEK_BOT_LLM_MODEL: "m",
      }),
    /KOPEK_BOT_LLM_URL/,
  );
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/llm_key`, "sk-from-a-file\n");
    const on = loadConfig(BotConfig, {
      ...base,
      KOPEK_BOT_LLM_URL: "https://api.example.com/v1",
      KOPEK_BOT_LLM_MODEL: "small-model",
      KOPEK_BOT_LLM_KEY_FILE: `${dir}/llm_key`,
    });
    assert.equal(on.KOPEK_BOT_LLM_KEY, "sk-from-a-file");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
