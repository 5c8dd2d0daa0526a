/**
 * Where a CPU profile of the command path's server side spends its busy
 * time, by area (node:http, the adapter, Hono, zod, the domain, the event
 * store, postgres.js, the projector, garbage collection...): each sample is
 * charged to the first area of a fixed order that a frame of its stack
 * belongs to.
 * The socket writes are shown apart: on a loaded machine the scheduler
 * preempts the thread inside them (a write wakes PostgreSQL or the client),
 * so their samples measure time off the CPU as much as the syscall.
 *
 *     deno run --allow-read command-api/bench/profile_areas.ts FILE.cpuprofile
 *
 * Prints a Markdown table, for docs/performance.md. See `http_profile.ts`.
 *
 * @module
 */
import type { CpuProfile, ProfileNode } from "../../ops/profile/top_frames.ts";

/**
 * Areas by the file a frame comes from. The work (up to the command API) goes by precedence over
 * the whole stack; the plumbing that wraps it (middleware, Hono, the adapter) by the innermost frame.
 */
const AREAS: readonly (readonly [RegExp, string])[] = [
  [/projector\/|notifier\/|scheduler\/|rates\//, "projector and background workers"],
  [/command-api\/content_hash/, "content hash (idempotency)"],
  [/canonicalize|eventstore\/hash|_claims/, "event hash chain (canonical JSON, SHA-256)"],
  [/postgres@|vendor\/postgres/, "postgres.js"],
  [/eventstore\//, "event store append (other)"],
  [/zod@/, "zod"],
  [/domain\//, "domain (decide, fold)"],
  [/command-api\//, "command API (other)"],
  // The plumbing around the work: the innermost of these on the stack wins.
  [/prom-client|platform\/metrics/, "metrics"],
  [/pino|access_log|logger/, "logging"],
  [/http\/_json\.ts|http\/middleware\.ts/, "platform middleware (auth, context, body)"],
  [/hono@/, "Hono"],
  [/platform\/http\/server(_adapter)?\.ts/, "adapter node:http ⇄ fetch (with its node:http calls)"],
  [/platform\//, "platform (other)"],
  [/node:_http|deno_node\/_http/, "node:http"],
];
/** How many of {@linkcode AREAS} are work (precedence over the whole stack). */
const WORK = AREAS.findIndex(([, name]) => name === "command API (other)") + 1;
const APART: Record<string, string> = {
  "(garbage collector)": "garbage collector",
  "(program)": "V8 (program)",
  writeBuffer: "socket write, PostgreSQL (writeBuffer)",
  writev: "socket write, HTTP answers (writev)",
};

/** The index in {@linkcode AREAS} of the first area any frame of a node's stack belongs to. */
function areaIndexes(profile: CpuProfile): (id: number) => number {
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map<number, number>();
  const indexOf = (id: number): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const own = AREAS.findIndex(([re]) => re.test(byId.get(id)!.callFrame.url));
    const up = parent.get(id);
    const above = up === undefined ? -1 : indexOf(up);
    // Work above wins over anything here; else this frame's own area, else what is above.
    const index = above !== -1 && above < WORK && (own === -1 || above < own)
      ? above
      : own !== -1
      ? own
      : above;
    memo.set(id, index);
    return index;
  };
  return indexOf;
}

/**
 * Busy time per area, in ms, heaviest first; idle time apart. A sample
 * belongs to the first area of {@linkcode AREAS} that any frame of its stack
 * belongs to (zod called by the command API is zod; a `Request` built by the
 * adapter is the adapter's).
 */
export function areas(profile: CpuProfile): { rows: [string, number][]; busyMs: number } {
  const byId = new Map<number, ProfileNode>(profile.nodes.map((n) => [n.id, n]));
  const indexOf = areaIndexes(profile);
  const sums = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id);
    if (leaf === undefined || leaf.callFrame.functionName === "(idle)") return;
    busyMs += ms;
    const index = indexOf(id);
    const area = APART[leaf.callFrame.functionName] ??
      (index === -1 ? "runtime (streams, timers, fetch types)" : AREAS[index][1]);
    sums.set(area, (sums.get(area) ?? 0) + ms);
  });
  return { rows: [...sums].sort((a, b) => b[1] - a[1]), busyMs };
}

if (import.meta.main) {
  const file = Deno.args[0];
  const { rows, busyMs } = areas(JSON.parse(await Deno.readTextFile(file)) as CpuProfile);
  const lines = [
    `${file}: ${busyMs.toFixed(0)} ms busy`,
    "",
    "| busy ms | share | area |",
    "| ---: | ---: | --- |",
    ...rows.map(([area, ms]) =>
      `| ${ms.toFixed(0)} | ${(100 * ms / busyMs).toFixed(1)} % | ${area} |`
    ),
  ];
  // deno-lint-ignore no-console
  console.log(lines.join("\n"));
}
