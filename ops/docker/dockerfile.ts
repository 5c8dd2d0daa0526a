/**
 * Reading a Dockerfile and its build context without a Docker engine: the
 * instructions of each stage, `.dockerignore` rules, and the files a `COPY`
 * puts into the image. Used by ops/docker/dockerfile_test.ts to rebuild an
 * image's context and type-check what it runs (ADR 0030).
 *
 * @module
 */
import { dirname, join, relative } from "node:path";

/** One instruction, its continuation lines joined. */
export interface Instruction {
  readonly op: string;
  readonly args: string;
}

/** One `FROM … [AS name]` and what follows it. */
export interface Stage {
  readonly from: string;
  readonly name?: string;
  readonly instructions: readonly Instruction[];
}

/** The stages of a Dockerfile (comments dropped, `\` continuations joined). */
export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const stages: { from: string; name?: string; instructions: Instruction[] }[] = [];
  for (const line of lines) {
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    const upper = op.toUpperCase();
    if (upper === "FROM") {
      const [from, as, name] = args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === "AS" ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      throw new Error(`${upper} before FROM`);
    } else {
      stages.at(-1)!.instructions.push({ op: upper, args: args.replace(/\s+/g, " ") });
    }
  }
  return stages;
}

/** A `COPY` from the build context: its sources and where they go. */
export interface Copy {
  readonly sources: readonly string[];
  readonly dest: string;
}

/** The `COPY` (and `ADD`) instructions of a stage that read the build context. */
export function contextCopies(stage: Stage): Copy[] {
  let workdir = "/";
  const copies: Copy[] = [];
  for (const { op, args } of stage.instructions) {
    if (op === "WORKDIR") workdir = args.startsWith("/") ? args : join(workdir, args);
    if (op !== "COPY" && op !== "ADD") continue;
    const words = args.startsWith("[")
      ? JSON.parse(args) as string[]
      : args.split(" ").filter((w) => w !== "");
    if (words.some((w) => w.startsWith("--from="))) continue;
    const paths = words.filter((w) => !w.startsWith("--"));
    const dest = paths.at(-1)!;
    copies.push({
      sources: paths.slice(0, -1),
      dest: dest.startsWith("/") ? dest : join(workdir, dest) + (dest.endsWith("/") ? "/" : ""),
    });
  }
  return copies;
}

function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*" && glob[i + 1] === "*") {
      // `**/` matches any number of folders, none included.
      re += glob[i + 2] === "/" ? "(?:.*/)?" : ".*";
      i += glob[i + 2] === "/" ? 2 : 1;
    } else if (c === "*") re += "[^/]*";
    else if (c === "?") re += "[^/]";
    else re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}

/**
 * `.dockerignore` rules: a path is left out when the last rule matching it or
 * one of its parent folders excludes it (`!rule` includes it again).
 */
export function dockerignore(text: string): (path: string) => boolean {
  const rules = text.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const include = l.startsWith("!");
      const pattern = (include ? l.slice(1) : l).replace(/^\/+/, "").replace(/\/+$/, "");
      return { include, re: globToRegExp(pattern) };
    });
  return (path) => {
    const parts = path.split("/");
    let ignored = false;
    for (const { include, re } of rules) {
      for (let n = 1; n <= parts.length; n++) {
        if (re.test(parts.slice(0, n).join("/"))) {
          ignored = !include;
          break;
        }
      }
    }
    return ignored;
  };
}

async function* walk(root: string, dir = ""): AsyncGenerator<string> {
  for await (const entry of Deno.readDir(join(root, dir))) {
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* walk(root, path);
    else if (entry.isFile) yield path;
  }
}

/**
 * Rebuilds what the `COPY` instructions of `stage` put into the image: each
 * file of the context (`contextDir`, less what `ignored` leaves out) that a
 * source names, copied under `into` at its place in the image. Returns the
 * sources that matched no file (a `COPY` that would fail the build).
 */
export async function rebuildContext(
  stage: Stage,
  contextDir: string,
  ignored: (path: string) => boolean,
  into: string,
): Promise<string[]> {
  const files: string[] = [];
  for await (const f of walk(contextDir)) if (!ignored(f)) files.push(f);
  const unmatched: string[] = [];
  for (const { sources, dest } of contextCopies(stage)) {
    for (const source of sources) {
      const src = source.replace(/^\.\//, "").replace(/\/+$/, "");
      const re = globToRegExp(src);
      const matched = src === "."
        ? files
        : files.filter((f) => re.test(f) || f.startsWith(`${src}/`));
      if (matched.length === 0) unmatched.push(source);
      for (const f of matched) {
        // A folder's contents go into dest; a file goes to dest/ by name, or to dest itself.
        const inFolder = f.startsWith(`${src}/`) || src === "."
          ? relative(src === "." ? "" : src, f)
          : f.split("/").at(-1)!;
        const target = dest.endsWith("/") || sources.length > 1 || f !== src
          ? join(into, dest, inFolder)
          : join(into, dest);
        await Deno.mkdir(dirname(target), { recursive: true });
        await Deno.copyFile(join(contextDir, f), target);
      }
    }
  }
  return unmatched;
}
