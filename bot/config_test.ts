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
