import { createLogger } from "../logger.ts";
import { busContract } from "./contract.ts";
import { testValkeyUrl } from "./_testing.ts";
import { createValkeyBus } from "./valkey.ts";

busContract("createValkeyBus()", async () => ({
  bus: await createValkeyBus(testValkeyUrl(), {
    logger: createLogger({ level: "silent" }),
    // A prefix per test: parallel runs and other suites share the server.
    prefix: `kopek-test:${crypto.randomUUID()}:`,
  }),
  advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}));
