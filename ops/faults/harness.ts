/**
 * The fault suite's harness: Kopek as real processes (the tasks of
 * deno.json, with their exact permission flags), a Valkey of its own, a
 * user with a group to write to, the check of the database after the load,
 * the assertions every fault shares, and a test wrapper that records each
 * fault's row of the results table whether it passed or not. The load
 * itself is the shared driver's (`ops/load/driver.ts`, ADR 0033):
 * `startWrites`, `startReads`, `probe`, and their samples.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { connect } from "../../platform/db.ts";
import { freePort } from "../../platform/testing/free_port.ts";
import { KopekClient, postmaster, startTask } from "@kopek/testing";
import {
  ONCE,
  type ReadLoad,
  type Sample,
  type Session,
  startReads,
  type WriteLoad,
} from "../load/driver.ts";
import { expensesRequest, send } from "../load/scenarios.js";
import { type FaultResult, record } from "./report.ts";

/**
 * The longest answer a client may see during a fault: the bounds of the
 * contract (a write 10 s, a `Kopek-Min-Position` wait 2 s) plus margin.
 */
export const ANSWER_BOUND_MS = 15_000;

/** The bound of a plain read: PostgreSQL's statement timeout (30 s) plus margin. */
export const READ_BOUND_MS = 35_000;

/** How long the system may take to recover once a fault ends. */
export const RECOVERY_BOUND_MS = 30_000;

/** Variables every Kopek process of the suite gets. */
export const BASE_ENV: Readonly<Record<string, string>> = {
  KOPEK_JWT_SECRET: "a-fault-suite-secret-that-is-long-enough",
  KOPEK_RATES_FETCH: "off",
  KOPEK_RATE_LIMITS: "off",
  KOPEK_LOG_LEVEL: "warn",
  KOPEK_HOSTNAME: "127.0.0.1",
};

/** A Kopek process started from a task of deno.json. */
export interface KopekProcess extends AsyncDisposable {
  readonly task: string;
  readonly base: string;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly status: Promise<Deno.CommandStatus>;
  /** Whether it has exited. */
  exited(): boolean;
  /** The last 64 KiB of its stdout and stderr. */
  output(): string;
  signal(signal: Deno.Signal): void;
  /** SIGTERM, then SIGKILL after 15 s; answers the status. */
  stop(): Promise<Deno.CommandStatus>;
}

/** Spawns `task` with {@linkcode BASE_ENV}, `env` and a free port (unless `env` names one). */
export function spawnKopek(task: string, env: Record<string, string> = {}): KopekProcess {
  const port = env.KOPEK_PORT ?? String(freePort());
  const spawned = startTask(task, { ...BASE_ENV, KOPEK_PORT: port, ...env });
  let done = false;
  const status = spawned.finished().then((s) => {
    done = true;
    return s;
  });
  const stop = async () => {
    if (done) return await status;
    const timer = setTimeout(() => spawned.kill(), 15_000);
    try {
      return await spawned.stop();
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    task,
    base: `http://127.0.0.1:${port}`,
    pid: spawned.child.pid,
    status,
    exited: () => done,
    output: () => spawned.text.slice(-65_536),
    signal: (s) => spawned.child.kill(s),
    stop,
    async [Symbol.asyncDispose]() {
      await stop();
    },
  };
}

/**
 * Polls `url` until it answers `status` (or `ms` ran out: then an error
 * naming the last answer); answers the `performance.now()` of that answer.
 */
export async function waitStatus(
  url: string,
  status: number,
  ms: number,
  process?: KopekProcess,
): Promise<number> {
  const deadline = performance.now() + ms;
  let last = "no answer";
  while (performance.now() < deadline) {
    if (process?.exited()) {
      throw new Error(`${process.task} exited while waiting for ${url}:\n${process.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      last = `${res.status} ${(await res.text()).slice(0, 300)}`;
      if (res.status === status) return performance.now();
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer ${status} within ${ms} ms (last: ${last})`);
}

/** Where a fault's load goes: a running Kopek (its base URL) and a session in it. */
export type LoadTarget = Session & { readonly base: string };

/**
 * Registers a user and creates a group: what the write load needs. Answers
 * once the group is readable at `readBase` (the query side; default `base`).
 */
export async function prepareTarget(
  base: string,
  readBase = base,
): Promise<LoadTarget & { client: KopekClient; email: string }> {
  const email = `faults-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const { client } = await new KopekClient(base).register(email, "Fault Suite");
  const group = await client.post("/v1/groups", { name: "Faults", currency: "EUR" });
  assert.equal(group.status, 201, JSON.stringify(group.body));
  const reader = new KopekClient(readBase, client.token);
  const deadline = performance.now() + RECOVERY_BOUND_MS;
  while (true) {
    const read = await reader.get(`/v1/groups/${group.body.id}`, {
      "kopek-min-position": String(group.body.position),
    });
    if (read.status === 200) break;
    if (performance.now() > deadline) {
      throw new Error(`the new group is not readable: ${read.status} ${JSON.stringify(read.body)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    token: client.token!,
    groupId: group.body.id,
    memberId: group.body.memberId,
    client,
    email,
  };
}

/**
 * Readers (default 4) of the group's newest 5 expenses at `base`, until
 * stopped: each request sent once and recorded whatever it answers (no
 * retry), 100 ms apart. With `minPosition`, read-your-writes reads: its
 * value, asked afresh for every request (the newest acknowledged write), as
 * `Kopek-Min-Position`.
 */
export function startExpenseReads(
  base: string,
  session: Session,
  options: { minPosition?: () => number; readers?: number } = {},
): ReadLoad {
  return startReads(
    base,
    session,
    (s) => send(expensesRequest(s, options.minPosition?.(), 5), ONCE),
    { readers: options.readers ?? 4, pauseMs: 100 },
  );
}

/** What the database holds of the acknowledged writes. */
export interface DataOutcome {
  readonly acked: number;
  readonly lost: number;
  readonly doubled: number;
}

/** Counts, in the event log at `databaseUrl`, each acknowledged write: present exactly once? */
export async function checkWrites(
  databaseUrl: string,
  load: Pick<WriteLoad, "acked">,
): Promise<DataOutcome> {
  const sql = connect(databaseUrl, { max: 1 });
  try {
    const rows = await sql<{ id: string; n: number }[]>`
      SELECT data->>'expenseId' AS id, count(*)::int AS n FROM events
      WHERE type = 'ExpenseRecorded' GROUP BY 1`;
    const counts = new Map(rows.map((r) => [r.id, r.n]));
    let lost = 0;
    for (const id of load.acked) if (!counts.has(id)) lost++;
    const doubled = rows.filter((r) => r.n > 1).length;
    return { acked: load.acked.size, lost, doubled };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** `acked N, lost N, doubled N`. */
export function describeData(d: DataOutcome): string {
  return `acked ${d.acked}, lost ${d.lost}, doubled ${d.doubled}`;
}

/** The URL of the `kopek` database of the all-in-one's embedded server in `dataDir`. */
export async function embeddedUrl(dataDir: string): Promise<string> {
  const password = (await Deno.readTextFile(join(dataDir, "pg-password"))).trim();
  const { port } = await postmaster(join(dataDir, "pg"));
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/kopek`;
}

/**
 * The rules every fault shares for what clients saw: every request was
 * answered (no hang, no reset) within {@linkcode ANSWER_BOUND_MS} (or
 * `boundMs`); every
 * failure is a 503 (or 429) with `Retry-After`, never a 500.
 */
export function assertBoundedAnswers(
  samples: readonly Sample[],
  options: { resetsAllowed?: boolean; boundMs?: number } = {},
): void {
  const bound = options.boundMs ?? ANSWER_BOUND_MS;
  const hung = samples.filter((s) => s.status === "hang" || s.end - s.start > bound);
  assert.equal(
    hung.length,
    0,
    `${hung.length} requests took longer than ${bound} ms (longest ${
      Math.round(Math.max(...hung.map((s) => s.end - s.start)))
    } ms)`,
  );
  if (!options.resetsAllowed) {
    const resets = samples.filter((s) => s.status === "error").length;
    assert.equal(resets, 0, `${resets} requests were reset or refused`);
  }
  const failures = samples.filter((s) => typeof s.status === "number" && s.status >= 500);
  const wrong = failures.filter((s) => s.status !== 503 || !s.retryAfter);
  assert.equal(
    wrong.length,
    0,
    `${wrong.length} failures were not 503 with Retry-After: ${
      [...new Set(wrong.map((s) => `${s.status} ${s.code ?? ""}`))].join(", ")
    }`,
  );
}

/** The first success among `samples` sent after `since` (`performance.now()`), or null. */
export function firstSuccessAfter(samples: readonly Sample[], since: number): number | null {
  let first: number | null = null;
  for (const s of samples) {
    if (s.start >= since && (s.status === 200 || s.status === 201)) {
      first = first === null ? s.end : Math.min(first, s.end);
    }
  }
  return first;
}

/** A row being filled in by a fault test; `dataCheck` describes the data outcome ({@linkcode fillData}). */
export type Row = { -readonly [K in keyof FaultResult]: FaultResult[K] } & {
  dataCheck?: () => Promise<string>;
};

/**
 * Fills in the row's data outcome with its `dataCheck` (or says why it could
 * not): for a test's `finally`, so that a failed test's row says what became
 * of the writes too.
 */
export async function fillData(row: Row): Promise<void> {
  if (!row.dataCheck) return;
  row.data = await row.dataCheck().catch((e) =>
    `not checked: ${String(e).split("\n")[0].slice(0, 100)}`
  );
}

/**
 * A fault test: `fn` fills in the row as it learns; the row is recorded
 * (passed or failed, with the first line of the error) whatever happens.
 * `ignore` names why the fault cannot run here.
 */
export function faultTest(
  fault: string,
  fn: (row: Row) => Promise<void>,
  options: { ignore?: string | false } = {},
): void {
  Deno.test({
    name: `fault: ${fault}${options.ignore ? ` (skipped: ${options.ignore})` : ""}`,
    ignore: Boolean(options.ignore),
    sanitizeResources: false,
    sanitizeOps: false,
    fn: async () => {
      const row: Row = { fault, clients: "-", recovery: "-", data: "-", passed: false };
      try {
        await fn(row);
        row.passed = true;
      } catch (e) {
        row.note = (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 200);
        throw e;
      } finally {
        const { dataCheck: _, ...result } = row;
        await record(result);
      }
    },
  });
}

/** A Valkey (redis-server) of the suite's own on a free port, killable and restartable. */
export interface OwnValkey extends AsyncDisposable {
  readonly url: string;
  /** SIGKILL. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty). */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Whether `redis-server` is on PATH. */
export async function valkeyPresent(): Promise<boolean> {
  try {
    return (await new Deno.Command("redis-server", { args: ["--version"], stdout: "null" })
      .output()).success;
  } catch {
    return false;
  }
}

/** Starts a redis-server without persistence on a free port of 127.0.0.1. */
export async function startValkey(): Promise<OwnValkey> {
  const port = freePort();
  let child: Deno.ChildProcess | null = null;
  const start = async () => {
    child = new Deno.Command("redis-server", {
      args: ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const deadline = performance.now() + 10_000;
    while (performance.now() < deadline) {
      try {
        const conn = await Deno.connect({ hostname: "127.0.0.1", port });
        await conn.write(new TextEncoder().encode("PING\r\n"));
        const buf = new Uint8Array(16);
        const n = await conn.read(buf);
        conn.close();
        if (n && new TextDecoder().decode(buf.subarray(0, n)).startsWith("+PONG")) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on ${port} did not answer PING within 10 s`);
  };
  const kill = async () => {
    const c = child as Deno.ChildProcess | null;
    child = null;
    if (!c) return;
    try {
      c.kill("SIGKILL");
    } catch {
      // already gone
    }
    await c.status;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    close: kill,
    [Symbol.asyncDispose]: kill,
  };
}

/**
 * The all-in-one (`start` task) on `KOPEK_DATABASE_URL` from `env`, with a
 * data folder of its own, ready; disposing it stops it and removes the folder.
 */
export async function startAllInOne(env: Record<string, string>): Promise<KopekProcess> {
  const dataDir = await Deno.makeTempDir({ prefix: "kopek-faults-" });
  const kopek = spawnKopek("start", { KOPEK_DATA_DIR: dataDir, ...env });
  const dispose = async () => {
    await kopek.stop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  };
  try {
    await waitStatus(`${kopek.base}/readyz`, 200, 120_000, kopek);
  } catch (e) {
    await dispose();
    throw e;
  }
  return { ...kopek, [Symbol.asyncDispose]: dispose };
}

/** Kopek in distributed mode: the command API, the projector and the query API as processes. */
export interface Distributed extends AsyncDisposable {
  readonly command: KopekProcess;
  readonly projector: KopekProcess;
  readonly query: KopekProcess;
}

/** Starts the three services on `databaseUrl` (each after the one whose migrations it needs). */
export async function startDistributed(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<Distributed> {
  const started: KopekProcess[] = [];
  const stopAll = async () => {
    await Promise.all(started.map((p) => p.stop()));
  };
  try {
    const all = { KOPEK_DATABASE_URL: databaseUrl, ...env };
    const command = spawnKopek("serve:command-api", all);
    started.push(command);
    await waitStatus(`${command.base}/readyz`, 200, 120_000, command);
    const projector = spawnKopek("serve:projector", all);
    started.push(projector);
    const query = spawnKopek("serve:query-api", all);
    started.push(query);
    await waitStatus(`${query.base}/readyz`, 200, 120_000, query);
    return { command, projector, query, [Symbol.asyncDispose]: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
