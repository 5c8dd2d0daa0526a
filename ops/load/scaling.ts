/**
 * The HTTP side on 1..N servers (ADR 0063), measured with the wrk driver (`wrk.ts`), each setup
 * on a fresh database, projector running, on a PostgreSQL server of the run's own (initdb'd from
 * the machine's PostgreSQL 15, fsync on; `--shared-server` for `KOPEK_TEST_DATABASE_URL`'s):
 *
 * - `--mode all-in-one`: `kopek start` (the `start` task's flags) with `KOPEK_HTTP_WORKERS=n`;
 * - `--mode distributed`: n `serve:command-api` and n `serve:query-api` processes behind Debian's
 *   HAProxy (routing by method, as compose's Traefik), one `serve:projector`, and a
 *   `redis-server` of the run's own as Valkey (`--valkey off`: none, each process on its own
 *   in-process bus). `--balance roundrobin` spreads commands over the command APIs as compose's
 *   Traefik does; `group` (the default) sends each group's to one (ADR 0075).
 *
 *     deno task load:scaling --mode all-in-one --max 4 --runs 2 --duration 15
 *
 * Prints one line per run and server count: requests/s, p50/p99, errors, and acknowledged
 * writes missing from the event store (must be 0).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { freePort, startOwnCluster } from "../../platform/testing/mod.ts";
import { runDatabase } from "./database.ts";
import { spawnTask } from "../../testing/task_command.ts";
import { waitReady } from "../../testing/client.ts";
import { type CommandBalance, startHaproxy } from "../topology/haproxy.ts";
import { startValkey } from "../faults/harness.ts";
import { formatWrk, wrkLoad, type WrkResult } from "./wrk.ts";

const SECRET = "a-load-test-secret-that-is-long-enough-for-hs256";

/** Processes of one setup, and the address the load goes to. */
export interface Setup extends AsyncDisposable {
  readonly base: string;
  /**
   * Where `/metrics` count the appends: the command APIs (distributed); the all-in-one's port,
   * whose `/metrics` are the main isolate's (its share of the connections), not its workers'.
   */
  readonly commandApis?: readonly string[];
}

async function stopAll(children: Deno.ChildProcess[]): Promise<void> {
  for (const child of children) {
    try {
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
  }
  await Promise.all(children.map((c) => c.status));
}

function quiet(task: string, env: Record<string, string>): Deno.ChildProcess {
  const child = spawnTask(task, { KOPEK_LOG_LEVEL: "error", ...env });
  // The output is not kept: read and dropped, so that a full pipe never blocks the service (a
  // cancelled one would end it with SIGPIPE).
  child.stdout.pipeTo(new WritableStream()).catch(() => {});
  child.stderr.pipeTo(new WritableStream()).catch(() => {});
  return child;
}

export async function allInOne(databaseUrl: string, n: number): Promise<Setup> {
  const dataDir = await Deno.makeTempDir({ prefix: "kopek-scaling-" });
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = quiet("start", {
    KOPEK_DATABASE_URL: databaseUrl,
    KOPEK_DATA_DIR: dataDir,
    KOPEK_PORT: String(port),
    KOPEK_RATES_FETCH: "off",
    KOPEK_RATE_LIMITS: "off",
    KOPEK_SCHEDULER: "off",
    KOPEK_HTTP_WORKERS: String(n),
    KOPEK_JWT_SECRET: SECRET,
  });
  const stop = async () => {
    await stopAll([child]);
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  };
  try {
    await waitReady(base, 120_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, commandApis: [base], [Symbol.asyncDispose]: stop };
}

export async function distributed(
  databaseUrl: string,
  n: number,
  options: { balance?: CommandBalance; valkey?: boolean } = {},
): Promise<Setup> {
  const valkey = options.valkey === false ? null : await startValkey();
  const env = {
    ...(valkey ? { KOPEK_VALKEY_URL: valkey.url } : {}),
    KOPEK_DATABASE_URL: databaseUrl,
    KOPEK_RATE_LIMITS: "off",
    KOPEK_JWT_SECRET: SECRET,
    KOPEK_BOT_API_KEY: "a-load-test-bot-key-that-is-long-enough",
  };
  const children: Deno.ChildProcess[] = [];
  const start = async (task: string) => {
    const port = freePort();
    children.push(quiet(task, { ...env, KOPEK_PORT: String(port) }));
    await waitReady(`http://127.0.0.1:${port}`, 120_000);
    return port;
  };
  try {
    // One after another: the first applies the migrations.
    const command: number[] = [];
    const query: number[] = [];
    for (let i = 0; i < n; i++) command.push(await start("serve:command-api"));
    for (let i = 0; i < n; i++) query.push(await start("serve:query-api"));
    await start("serve:projector");
    const haproxy = await startHaproxy({ command, query }, options.balance);
    // HAProxy takes a server in after its first passing check.
    await waitReady(haproxy.base, 30_000);
    return {
      base: haproxy.base,
      commandApis: command.map((port) => `http://127.0.0.1:${port}`),
      [Symbol.asyncDispose]: async () => {
        await haproxy.close();
        await stopAll(children);
        await valkey?.close();
      },
    };
  } catch (e) {
    await stopAll(children);
    await valkey?.close();
    throw e;
  }
}

/**
 * The event store's appends by outcome summed over the command APIs' `/metrics`
 * (`kopek_eventstore_appends_total`): how many failed their expected-version check; and the
 * group notices they published (`kopek_bus_messages_published_total`, ADR 0075).
 */
export async function appendOutcomes(apis: readonly string[]): Promise<string> {
  const sums = new Map<string, number>();
  let notices = 0;
  for (const api of apis) {
    const text = await fetch(`${api}/metrics`).then((r) => r.text(), (e) => `${e}`);
    for (const m of text.matchAll(/^kopek_eventstore_appends_total\{outcome="(\w+)"\} (\S+)$/gm)) {
      sums.set(m[1], (sums.get(m[1]) ?? 0) + Number(m[2]));
    }
    const published = text.match(
      /^kopek_bus_messages_published_total\{channel="kopek:groups:appended"\} (\S+)$/m,
    );
    notices += Number(published?.[1] ?? 0);
  }
  return `appends: ${
    [...sums].map(([k, v]) => `${k} ${v}`).join(", ")
  }; notices published ${notices}`;
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      mode: { type: "string", default: "all-in-one" },
      min: { type: "string", default: "1" },
      max: { type: "string", default: "4" },
      runs: { type: "string", default: "1" },
      duration: { type: "string", default: "15" },
      connections: { type: "string", default: "32" },
      groups: { type: "string", default: "64" },
      script: { type: "string", default: "expenses,me" },
      balance: { type: "string", default: "group" },
      valkey: { type: "string", default: "on" },
      "shared-server": { type: "boolean", default: false },
    },
  });
  // A PostgreSQL 15 of the run's own (the machine's binaries, fsync on as the shared server):
  // the shared development server's 100 connections are mostly taken by other runs, and 4
  // servers' pools need 50. `--shared-server` uses KOPEK_TEST_DATABASE_URL's instead.
  await using cluster = values["shared-server"] ? undefined : await startOwnCluster({
    settings: ["fsync = on", "full_page_writes = on", "shared_buffers = 128MB"],
  });
  if (cluster) Deno.env.set("KOPEK_TEST_DATABASE_URL", cluster.url());
  const rows: { n: number; run: number; results: WrkResult[] }[] = [];
  for (let run = 1; run <= Number(values.runs); run++) {
    for (let n = Number(values.min); n <= Number(values.max); n++) {
      await using db = await runDatabase("kopek_load", { max: 2 });
      await using setup = values.mode === "distributed"
        ? await distributed(db.url, n, {
          balance: values.balance === "roundrobin" ? "roundrobin" : "group",
          valkey: values.valkey !== "off",
        })
        : await allInOne(db.url, n);
      const results = await wrkLoad({
        base: setup.base,
        databaseUrl: db.url,
        scripts: values.script.split(","),
        groups: Number(values.groups),
        connections: Number(values.connections),
        threads: 2,
        durationSeconds: Number(values.duration),
      });
      rows.push({ n, run, results });
      // deno-lint-ignore no-console
      console.log(
        `${values.mode}${
          values.mode === "distributed" ? ` (${values.balance}, valkey ${values.valkey})` : ""
        }, ${n} server(s), run ${run}, load ${Deno.loadavg()[0].toFixed(1)}:\n` +
          formatWrk(results) +
          (setup.commandApis ? `\n${await appendOutcomes(setup.commandApis)}` : ""),
      );
    }
  }
  if (rows.some((r) => r.results.some((x) => (x.lost ?? 0) > 0))) Deno.exit(1);
}
