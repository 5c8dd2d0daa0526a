/**
 * Prints the codebase's shape (issue 17): the largest source files, the
 * longest functions, command-api's files with a test beside them, the share
 * of test lines under cli/, and the duplicate pairs between source files.
 *
 *     deno task measure [--root DIR] [--top N]
 *
 * DIR is a git checkout (default: this one); measure an older commit with
 * `git worktree add /tmp/old <commit>` and `--root /tmp/old`. The duplicate
 * pairs need the `duplicates` command on the PATH; without it that figure is
 * left out (the report says so).
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  duplicatePairs,
  type FileKind,
  functionsOf,
  type FunctionSpan,
  isCode,
  kindOf,
  lineCount,
  testedBeside,
} from "./metrics.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { root: { type: "string", default: "." }, top: { type: "string", default: "10" } },
});
const root = values.root!;
const top = Number(values.top);
const MAX_FILE = 450;
const MAX_FUNCTION = 150;

async function run(cmd: string, args: string[]): Promise<string | null> {
  try {
    const out = await new Deno.Command(cmd, { args, cwd: root, stdout: "piped", stderr: "null" })
      .output();
    return out.success ? new TextDecoder().decode(out.stdout) : null;
  } catch {
    return null;
  }
}

const listed = await run("git", ["ls-files", "--cached", "--others", "--exclude-standard"]);
if (listed === null) throw new Error(`${root} is not a git checkout`);
const paths = listed.split("\n").filter((p) => p && isCode(p));

interface File {
  path: string;
  kind: FileKind;
  lines: number;
  functions: FunctionSpan[];
}
const files: File[] = [];
for (const path of paths) {
  let text: string;
  try {
    text = await Deno.readTextFile(`${root}/${path}`);
  } catch {
    continue; // listed but deleted in the working tree
  }
  const kind = kindOf(path, text);
  files.push({ path, kind, lines: lineCount(text), functions: functionsOf(path, text) });
}

const source = files.filter((f) => f.kind === "source");
const tests = files.filter((f) => f.kind === "test");
const out: string[] = [];
const pct = (a: number, b: number) => `${(100 * a / Math.max(b, 1)).toFixed(1)} %`;

out.push(`# Codebase figures (${root})`, "");
out.push(
  `${source.length} source files (${sum(source)} lines), ${tests.length} test files ` +
    `(${sum(tests)} lines), ${files.length - source.length - tests.length} generated`,
  "",
);

const bigFiles = [...source].sort((a, b) => b.lines - a.lines);
out.push(
  `## Largest source files: ${
    bigFiles.filter((f) => f.lines > MAX_FILE).length
  } over ${MAX_FILE} lines`,
);
for (const f of bigFiles.slice(0, top)) out.push(`- ${f.lines} ${f.path}`);
out.push("");

const fns = source.flatMap((f) => f.functions.map((fn) => ({ ...fn, path: f.path })))
  .sort((a, b) => b.lines - a.lines);
out.push(
  `## Longest functions in source: ${
    fns.filter((f) => f.lines > MAX_FUNCTION).length
  } over ${MAX_FUNCTION} lines`,
);
for (const f of fns.slice(0, top)) out.push(`- ${f.lines} ${f.path}:${f.line} ${f.name}`);
out.push("");

const all = new Set(paths);
const commandApi = source.filter((f) =>
  f.path.startsWith("command-api/") && f.path.endsWith(".ts") && !f.path.includes("/bench/")
);
const untested = commandApi.filter((f) => !testedBeside(f.path, all));
out.push(
  `## command-api files with a test beside them: ${
    commandApi.length - untested.length
  } of ${commandApi.length}`,
);
for (const f of untested) out.push(`- without: ${f.path}`);
out.push("");

const testLines = sum(tests);
const cliTestLines = sum(tests.filter((f) => f.path.startsWith("cli/")));
out.push(
  `## Test lines under cli/: ${cliTestLines} of ${testLines} (${pct(cliTestLines, testLines)})`,
  "",
);

const answer = await run("duplicates", ["--most", "200", "--seconds", "120"]);
if (answer === null) {
  out.push("## Duplicate pairs in source code: not measured (no `duplicates` on the PATH)");
} else {
  const kinds = new Map(files.map((f) => [f.path, f.kind]));
  const inSource = duplicatePairs(answer).filter((p) =>
    kinds.get(p.a) === "source" && kinds.get(p.b) === "source"
  );
  out.push(
    `## Duplicate pairs between source files (not boilerplate): ${inSource.length}`,
  );
  for (const p of inSource) out.push(`- ${p.row}`);
}
await Deno.stdout.write(new TextEncoder().encode(out.join("\n") + "\n"));

function sum(list: File[]): number {
  return list.reduce((n, f) => n + f.lines, 0);
}
