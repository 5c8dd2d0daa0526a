/**
 * The wrk driver (ADR 0063): sets up users and groups on a running Kopek, runs Debian's `wrk`
 * with a script of `ops/load/wrk/` (expense commands, or the minimal authenticated route), prints
 * requests/s, p50/p99 and errors, and afterwards checks in the event store that every write
 * answered 201 is there (nothing acknowledged lost).
 *
 *     deno task load:wrk --base http://127.0.0.1:8080 --db postgres://…/kopek \
 *       --script expenses,me --connections 32 --duration 20
 *
 * The target must run with `KOPEK_RATE_LIMITS=off` (one address registers every user).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { join } from "node:path";
import postgres from "postgres";
import { soloExpense } from "../../testing/bodies.ts";

/** What one wrk run printed (its script's `done()`). */
export interface WrkResult {
  readonly script: string;
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50ms: number;
  readonly p99ms: number;
  readonly maxms: number;
  /** Answers with the expected status (201 for writes, 200 for reads). */
  readonly acked: number;
  readonly non2xx: number;
  readonly socketErrors: number;
  readonly timeouts: number;
  /** Writes answered 201 that the event store does not have (must be 0); reads: undefined. */
  readonly lost?: number;
}

/** One group of the setup: its owner's token, its id, the owner's member id. */
export interface SetupGroup {
  readonly token: string;
  readonly group: string;
  readonly member: string;
}

/**
 * POSTs `body` and answers the 201's body. An answer of the balancer (502, 503, 504: a backend not
 * yet taken in) is retried, the body unchanged (ids in it make the retry idempotent).
 */
async function call(base: string, path: string, body: unknown, token?: string) {
  for (let attempt = 1;; attempt++) {
    const res = await fetch(base + path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 201) return JSON.parse(text);
    if (![502, 503, 504].includes(res.status) || attempt === 5) {
      throw new Error(`${path}: ${res.status} ${text.slice(0, 300)}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Registers a user and answers its token. Hashing the password is memory-hard: on a busy machine a
 * registration may outlast the request's 10 s and answer 503 although it was done, so a failed one
 * is retried, and then signs in.
 */
async function signUp(base: string, email: string, displayName: string) {
  const password = "correct horse battery staple";
  for (let attempt = 1;; attempt++) {
    try {
      return await call(base, "/v1/auth/register", { email, password, displayName });
    } catch (e) {
      const login = await fetch(`${base}/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      const answer = await login.json();
      if (login.status === 200) return answer;
      if (attempt === 5) throw e;
    }
  }
}

/** Registers `count` users, each with a group of its own and one expense in it. */
export async function setUpGroups(base: string, count: number): Promise<SetupGroup[]> {
  const run = crypto.randomUUID().slice(0, 8);
  const groups: SetupGroup[] = [];
  for (let i = 0; i < count; i += 4) {
    const batch = Array.from({ length: Math.min(4, count - i) }, async (_, j) => {
      const user = await signUp(base, `wrk-${run}-${i + j}@example.com`, `Load ${i + j}`);
      const group = await call(
        base,
        "/v1/groups",
        { id: crypto.randomUUID(), name: "Load", currency: "EUR" },
        user.token,
      );
      await call(
        base,
        `/v1/groups/${group.id}/expenses`,
        soloExpense({ id: crypto.randomUUID(), memberId: group.memberId, amount: "1.00" }),
        user.token,
      );
      return { token: user.token, group: group.id, member: group.memberId };
    });
    groups.push(...await Promise.all(batch));
  }
  return groups;
}

/** Runs one wrk script against `base`; `dir` holds the setup file and the threads' ack files. */
export async function runWrk(options: {
  base: string;
  script: string;
  setupFile: string;
  dir: string;
  connections: number;
  threads: number;
  durationSeconds: number;
}): Promise<Omit<WrkResult, "script" | "lost"> & { ackedIds: string[] }> {
  const scriptPath = new URL(`./wrk/${options.script}.lua`, import.meta.url).pathname;
  const out = await new Deno.Command("wrk", {
    args: [
      "-c",
      String(options.connections),
      "-t",
      String(options.threads),
      "-d",
      `${options.durationSeconds}s`,
      "--timeout",
      "10s",
      "-s",
      scriptPath,
      options.base,
      "--",
      options.setupFile,
      options.dir,
    ],
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const line = text.split("\n").find((l) => l.startsWith("wrk-result "));
  if (!out.success || !line) {
    throw new Error(`wrk failed: ${text}${new TextDecoder().decode(out.stderr)}`);
  }
  const ackedIds: string[] = [];
  for await (const entry of Deno.readDir(options.dir)) {
    if (!entry.name.startsWith("acked-")) continue;
    const path = join(options.dir, entry.name);
    ackedIds.push(...(await Deno.readTextFile(path)).split("\n").filter((l) => l !== ""));
    await Deno.remove(path);
  }
  return { ...JSON.parse(line.slice("wrk-result ".length)), ackedIds };
}

/** How many of `ids` (expense ids answered 201) the event store does not have. */
export async function countLost(databaseUrl: string, ids: readonly string[]): Promise<number> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    let found = 0;
    for (let i = 0; i < ids.length; i += 10_000) {
      const chunk = ids.slice(i, i + 10_000);
      const [{ n }] = await sql<{ n: number }[]>`
        SELECT count(DISTINCT data->>'expenseId')::int AS n FROM events
         WHERE type = 'ExpenseRecorded' AND data->>'expenseId' = ANY(${chunk as string[]})`;
      found += n;
    }
    return ids.length - found;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** One line per result: what the scripts' figures are, for a person. */
export function formatWrk(results: readonly WrkResult[]): string {
  return results.map((r) =>
    `${r.script.padEnd(9)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${
      r.p50ms.toFixed(1).padStart(6)
    } ms  p99 ${r.p99ms.toFixed(1).padStart(6)} ms  max ${r.maxms.toFixed(0).padStart(5)} ms  ` +
    `ok ${r.acked}  errors ${r.non2xx} non-2xx, ${r.socketErrors} socket, ${r.timeouts} timeouts` +
    (r.lost === undefined ? "" : `  lost ${r.lost}`)
  ).join("\n");
}

/** Sets up once, then runs each script in turn. */
export async function wrkLoad(options: {
  base: string;
  databaseUrl?: string;
  scripts: readonly string[];
  groups: number;
  connections: number;
  threads: number;
  durationSeconds: number;
}): Promise<WrkResult[]> {
  const dir = await Deno.makeTempDir({ prefix: "kopek-wrk-" });
  try {
    const groups = await setUpGroups(options.base, options.groups);
    const setupFile = join(dir, "setup.tsv");
    await Deno.writeTextFile(
      setupFile,
      groups.map((g) => `${g.token}\t${g.group}\t${g.member}\n`).join(""),
    );
    const results: WrkResult[] = [];
    for (const script of options.scripts) {
      const { ackedIds, ...figures } = await runWrk({ ...options, script, setupFile, dir });
      const lost = script === "expenses" && options.databaseUrl
        ? await countLost(options.databaseUrl, ackedIds)
        : undefined;
      results.push({ script, ...figures, ...(lost === undefined ? {} : { lost }) });
    }
    return results;
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      base: { type: "string", default: Deno.env.get("KOPEK_BASE_URL") ?? "http://127.0.0.1:8080" },
      db: { type: "string", default: Deno.env.get("KOPEK_DATABASE_URL") },
      script: { type: "string", default: "expenses,me" },
      groups: { type: "string", default: "64" },
      connections: { type: "string", default: "32" },
      threads: { type: "string", default: "2" },
      duration: { type: "string", default: "20" },
      json: { type: "boolean", default: false },
    },
  });
  const results = await wrkLoad({
    base: values.base,
    databaseUrl: values.db,
    scripts: values.script.split(","),
    groups: Number(values.groups),
    connections: Number(values.connections),
    threads: Number(values.threads),
    durationSeconds: Number(values.duration),
  });
  // deno-lint-ignore no-console
  console.log(values.json ? JSON.stringify(results) : formatWrk(results));
  if (results.some((r) => (r.lost ?? 0) > 0)) Deno.exit(1);
}
