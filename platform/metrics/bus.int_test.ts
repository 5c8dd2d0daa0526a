import assert from "node:assert/strict";
import { createValkeyBus } from "../cache/valkey.ts";
import { testValkeyUrl } from "../cache/_testing.ts";
import { createLogger } from "../logger.ts";
import { createMetricsRegistry } from "./registry.ts";
import { instrumentBus } from "./bus.ts";

Deno.test({
  name: "instrumentBus() on Valkey: up while connected, 0 once closed, messages counted",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async () => {
    const registry = createMetricsRegistry({ process: false });
    const raw = await createValkeyBus(testValkeyUrl(), {
      logger: createLogger({ level: "silent" }),
      prefix: `kopek-metrics-test-${crypto.randomUUID()}:`,
    });
    const bus = instrumentBus(raw, registry);
    const got: string[] = [];
    await bus.subscribe("kopek:advanced", (m) => got.push(m));
    await bus.publish("kopek:advanced", "7");
    const deadline = Date.now() + 10_000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(got, ["7"]);
    const text = await registry.metrics();
    assert.match(text, /^kopek_bus_up 1$/m);
    assert.match(text, /^kopek_bus_messages_received_total\{channel="kopek:advanced"\} 1$/m);
    await raw.close();
    // Closed under the instrumented bus's feet: its health says so.
    assert.match(await registry.metrics(), /^kopek_bus_up 0$/m);
    await bus.close();
  },
});
