import assert from "node:assert/strict";
import { createLogger } from "../logger.ts";
import { watchStorage } from "../storage_watcher.ts";
import { createMetricsRegistry } from "./registry.ts";
import { registerStorage } from "./storage.ts";

const MiB = 1024 * 1024;
const logger = createLogger({ level: "silent" });

Deno.test("registerStorage: free bytes of every watched folder, sampled at the scrape, and the threshold", async () => {
  const free = new Map([["/data", 900 * MiB], ["/data/pg_wal", 500 * MiB], ["/gone", 0]]);
  const watcher = watchStorage({
    paths: ["/data", "/data/pg_wal", "/gone"],
    minFreeBytes: 256 * MiB,
    logger,
    intervalMs: 60_000,
    freeBytes: (p) => {
      if (p === "/gone") throw new Deno.errors.NotFound(p);
      return free.get(p)!;
    },
  });
  try {
    const registry = createMetricsRegistry({ process: false });
    registerStorage(registry, watcher, 256 * MiB);
    registerStorage(registry, watcher, 256 * MiB); // twice on one registry: one family
    let text = await registry.metrics();
    assert.match(
      text,
      new RegExp(`^kopek_storage_free_bytes\\{path="/data"\\} ${900 * MiB}$`, "m"),
    );
    assert.match(
      text,
      new RegExp(`^kopek_storage_free_bytes\\{path="/data/pg_wal"\\} ${500 * MiB}$`, "m"),
    );
    // A folder that cannot be read has no sample (not a 0 that would look full).
    assert.doesNotMatch(text, /path="\/gone"/);
    assert.match(text, new RegExp(`^kopek_storage_min_free_bytes ${256 * MiB}$`, "m"));
    // The next scrape samples again, though the watcher's timer has not run.
    free.set("/data/pg_wal", 100 * MiB);
    text = await registry.metrics();
    assert.match(
      text,
      new RegExp(`^kopek_storage_free_bytes\\{path="/data/pg_wal"\\} ${100 * MiB}$`, "m"),
    );
    // And the guard saw it too.
    assert.equal(watcher.state().full, true);
  } finally {
    watcher.stop();
  }
});

Deno.test("registerStorage: a real folder's free space; nothing without a registry", async () => {
  const dir = await Deno.makeTempDir();
  const watcher = watchStorage({ paths: [dir], minFreeBytes: 0, logger });
  try {
    registerStorage(undefined, watcher, 0);
    const registry = createMetricsRegistry({ process: false });
    registerStorage(registry, watcher, 0);
    const text = await registry.metrics();
    const line = text.split("\n").find((l) =>
      l.startsWith(`kopek_storage_free_bytes{path="${dir}"}`)
    );
    assert.ok(line, text);
    assert.ok(Number(line.split(" ").at(-1)) > 0, line);
    assert.match(text, /^kopek_storage_min_free_bytes 0$/m);
  } finally {
    watcher.stop();
    await Deno.remove(dir);
  }
});
