import assert from "node:assert/strict";
import { createInProcessBus } from "../cache/in_process.ts";
import { createLogger } from "../logger.ts";
import { createMetricsRegistry } from "./registry.ts";
import { instrumentBus } from "./bus.ts";

Deno.test("instrumentBus() counts messages by channel and reports the bus up", async () => {
  const registry = createMetricsRegistry({ process: false });
  const raw = createInProcessBus({ logger: createLogger({ level: "silent" }) });
  const bus = instrumentBus(raw, registry);
  const got: string[] = [];
  const stop = await bus.subscribe("kopek:advanced", (m) => got.push(m));
  await bus.publish("kopek:advanced", "42");
  await bus.publish("nobody", "x");
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(got, ["42"]);
  const text = await registry.metrics();
  assert.match(text, /^kopek_bus_up 1$/m);
  assert.match(text, /^kopek_bus_messages_published_total\{channel="kopek:advanced"\} 1$/m);
  assert.match(text, /^kopek_bus_messages_published_total\{channel="nobody"\} 1$/m);
  assert.match(text, /^kopek_bus_messages_received_total\{channel="kopek:advanced"\} 1$/m);
  await stop();
  await bus.close();
  assert.equal(instrumentBus(raw, undefined), raw);
});
