/**
 * The top frames of a V8 CPU profile (`deno run --cpu-prof`, a `.cpuprofile`
 * file): self time and total time per function, summed over every node of
 * the call tree that runs it, the heaviest first. This is what
 * docs/performance.md quotes as "the flame graph's top frames".
 *
 * Run with `deno run --allow-read ops/profile/top_frames.ts FILE.cpuprofile [--top N]`.
 *
 * @module
 */

/** One node of a `.cpuprofile` call tree. */
export interface ProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
  readonly children?: readonly number[];
}

/** A V8 CPU profile as `--cpu-prof` writes it. */
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** A function's share of the profile. */
export interface Frame {
  /** `name (file:line)`; `(program)`, `(idle)` and `(garbage collector)` as V8 names them. */
  readonly frame: string;
  /** Time spent in the function itself, in ms. */
  readonly selfMs: number;
  /** Time spent in it or in what it called, in ms (counted once per sample). */
  readonly totalMs: number;
}

function frameName(n: ProfileNode): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const name = functionName === "" ? "(anonymous)" : functionName;
  if (url === "") return name;
  const file = url.replace(/^file:\/\/.*?\/(?=[^/]+\/[^/]+$)/, "").replace(/^.*node_modules\//, "");
  return `${name} (${file}:${lineNumber + 1})`;
}

/** The frames of a profile by self time, heaviest first, with the profile's whole duration. */
export function topFrames(profile: CpuProfile): { frames: Frame[]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const leaf = byId.get(id);
    if (leaf === undefined) return;
    const leafName = frameName(leaf);
    self.set(leafName, (self.get(leafName) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = frameName(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + ms);
    }
  });
  const frames = [...self.entries()]
    .map(([frame, selfMs]) => ({ frame, selfMs, totalMs: total.get(frame) ?? selfMs }))
    .sort((a, b) => b.selfMs - a.selfMs);
  return { frames, totalMs };
}

/** The frames as a Markdown table: self ms, self %, total %, frame. */
export function framesTable(frames: readonly Frame[], totalMs: number, top: number): string {
  const pct = (ms: number) => `${(totalMs === 0 ? 0 : (100 * ms) / totalMs).toFixed(1)} %`;
  const rows = frames.slice(0, top).map((f) =>
    `| ${f.selfMs.toFixed(0)} | ${pct(f.selfMs)} | ${pct(f.totalMs)} | \`${f.frame}\` |`
  );
  return ["| self ms | self | total | frame |", "| ---: | ---: | ---: | --- |", ...rows].join("\n");
}

if (import.meta.main) {
  const [file, ...rest] = Deno.args;
  if (file === undefined) {
    // deno-lint-ignore no-console -- a command-line tool prints its usage
    console.error("usage: top_frames.ts FILE.cpuprofile [--top N]");
    Deno.exit(2);
  }
  const at = rest.indexOf("--top");
  const top = at >= 0 ? Number(rest[at + 1]) : 25;
  const profile = JSON.parse(await Deno.readTextFile(file)) as CpuProfile;
  const { frames, totalMs } = topFrames(profile);
  // deno-lint-ignore no-console -- a command-line tool prints its figures
  console.log(`${file}: ${totalMs.toFixed(0)} ms sampled\n`);
  // deno-lint-ignore no-console -- a command-line tool prints its figures
  console.log(framesTable(frames, totalMs, top));
}
