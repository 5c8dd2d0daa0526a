/**
 * Debian's `prometheus` server, started for a test or a script: a
 * configuration that scrapes one target (and loads rule files, copied beside
 * it), on a free port, its output collected.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { freePort } from "@kopek/platform/testing";

/** The server binary, where Debian's package (or a manual install) puts it. */
export const PROMETHEUS: string | undefined = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"]
  .find((p) => existsSync(p));

/** What {@linkcode startPrometheus} scrapes and evaluates. */
export interface PrometheusOptions {
  /** A folder of the caller's for the configuration and the data (removed by the caller). */
  readonly dir: string;
  /** `host:port` of the one target, scraped as job `kopek`. */
  readonly target: string;
  /** Scrape and evaluation interval in seconds. */
  readonly intervalSeconds: number;
  /** Rule files to load (copied into `dir`). */
  readonly ruleFiles?: readonly string[];
}

/** A running server. */
export interface Prometheus {
  /** `http://127.0.0.1:PORT`. */
  readonly base: string;
  /** What it printed so far. */
  output(): string;
  /** SIGTERM, then its exit status (output collected to the end). */
  stop(): Promise<Deno.CommandStatus>;
  /** Last resort in `finally`: SIGKILL if it still runs, then waits. */
  kill(): Promise<void>;
}

/** Starts the server; throws when it is not installed. */
export async function startPrometheus(options: PrometheusOptions): Promise<Prometheus> {
  if (!PROMETHEUS) throw new Error("prometheus is not installed (apt-get install prometheus)");
  const rules: string[] = [];
  for (const file of options.ruleFiles ?? []) {
    await Deno.copyFile(file, join(options.dir, basename(file)));
    rules.push(basename(file));
  }
  await Deno.writeTextFile(
    join(options.dir, "prometheus.yml"),
    [
      "global:",
      `  scrape_interval: ${options.intervalSeconds}s`,
      `  evaluation_interval: ${options.intervalSeconds}s`,
      ...(rules.length > 0 ? [`rule_files: [${rules.join(", ")}]`] : []),
      "scrape_configs:",
      "  - job_name: kopek",
      "    static_configs:",
      `      - targets: ["${options.target}"]`,
      "",
    ].join("\n"),
  );
  const port = freePort();
  const server = new Deno.Command(PROMETHEUS, {
    args: [
      `--config.file=${join(options.dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(options.dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let said = "";
  const logs = Promise.all([server.stdout, server.stderr].map(async (stream) => {
    for await (const chunk of stream.pipeThrough(new TextDecoderStream())) said += chunk;
  }));
  let exited = false;
  const status = server.status.then(async (s) => {
    exited = true;
    await logs;
    return s;
  });
  return {
    base: `http://127.0.0.1:${port}`,
    output: () => said,
    stop() {
      if (!exited) server.kill("SIGTERM");
      return status;
    },
    async kill() {
      if (!exited) server.kill("SIGKILL");
      await status;
    },
  };
}
