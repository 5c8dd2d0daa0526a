/**
 * Bus families (ADR 0036): whether the bus (Valkey, or the in-process one)
 * is up, read from its health at each scrape, and the messages this process
 * published and received, by channel (Kopek's channels are constants: at
 * most 20 become labels).
 *
 * @module
 */
import { Counter, Gauge, type Registry } from "prom-client";
import type { KeyValueBus } from "../cache/port.ts";
import { boundedLabel, familiesOf } from "./registry.ts";

function create(registry: Registry) {
  const buses = new Set<KeyValueBus>();
  new Gauge({
    name: "kopek_bus_up",
    help:
      "1 when the bus (Valkey when configured, else in process) is connected and subscribed, else 0.",
    registers: [registry],
    async collect() {
      const health = await Promise.all([...buses].map((b) => b.health()));
      if (health.length > 0) this.set(health.every((h) => h.ok) ? 1 : 0);
    },
  });
  return {
    buses,
    channels: new Set<string>(),
    published: new Counter({
      name: "kopek_bus_messages_published_total",
      help: "Messages this process published, by channel.",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
    received: new Counter({
      name: "kopek_bus_messages_received_total",
      help: "Messages this process received, by channel (once per subscription).",
      labelNames: ["channel"] as const,
      registers: [registry],
    }),
  };
}

/** `bus` with its health and messages measured on `registry`; itself without a registry. */
export function instrumentBus(bus: KeyValueBus, registry: Registry | undefined): KeyValueBus {
  if (!registry) return bus;
  const f = familiesOf(registry, "kopek_bus", () => create(registry));
  f.buses.add(bus);
  const label = (channel: string) => boundedLabel(f.channels, channel, 20);
  return {
    ...bus,
    publish(channel, message) {
      f.published.inc({ channel: label(channel) });
      return bus.publish(channel, message);
    },
    subscribe(channel, onMessage) {
      const counted = label(channel);
      return bus.subscribe(channel, (message) => {
        f.received.inc({ channel: counted });
        onMessage(message);
      });
    },
    close() {
      f.buses.delete(bus);
      return bus.close();
    },
  };
}
