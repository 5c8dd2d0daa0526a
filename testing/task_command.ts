/**
 * The `deno run` command of a task in the root deno.json, so that tests run a
 * service with exactly the permission flags its task gives it (one source of
 * truth: a flag changed in deno.json is the flag the tests use).
 *
 * It understands the little shell the tasks use: words, single and double
 * quotes, `$NAME` and `${NAME}` expanded from the environment the caller
 * passes, and `;`, `&&`, `||` between commands. Only the one `deno run`
 * command of the task is kept; the commands before it (the default of
 * `KOPEK_DATA_DIR`) are not run, so the caller passes every variable the
 * flags name.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository root: tasks run there, and their relative paths resolve against it. */
export const REPO_ROOT: string = fileURLToPath(new URL("../", import.meta.url));

const DENO_JSON = new URL("../deno.json", import.meta.url);

/** A task's `deno run` command, split up. */
export interface TaskCommand {
  /** Everything between `deno run` and the entry point: the permission flags and the rest. */
  readonly flags: readonly string[];
  /** The entry point, relative to {@linkcode REPO_ROOT}. */
  readonly entry: string;
  /** The words after the entry point (`start`, `migrate`). */
  readonly args: readonly string[];
}

type Task = string | { command?: string };

/** The tasks of the root deno.json. */
export function readTasks(): Record<string, string> {
  const config = JSON.parse(Deno.readTextFileSync(DENO_JSON)) as {
    tasks?: Record<string, Task>;
  };
  const tasks: Record<string, string> = {};
  for (const [name, task] of Object.entries(config.tasks ?? {})) {
    const command = typeof task === "string" ? task : task.command;
    if (command !== undefined) tasks[name] = command;
  }
  return tasks;
}

/** Splits a task's text into commands of words, expanding variables from `env`. */
export function parseTaskText(text: string, env: Record<string, string>): string[][] {
  const commands: string[][] = [[]];
  let word: string | null = null;
  const push = () => {
    if (word !== null) commands[commands.length - 1].push(word);
    word = null;
  };
  const variable = (at: number): [string, number] => {
    const braced = text[at + 1] === "{";
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at + (braced ? 2 : 1)));
    if (!match) throw new Error(`cannot read the variable at ${at} of ${text}`);
    const name = match[0];
    const value = env[name];
    if (value === undefined) {
      throw new Error(`the task names $${name}: pass it in the environment`);
    }
    return [value, at + (braced ? 3 : 1) + name.length];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\n") {
      push();
      i++;
    } else if (c === ";" || text.startsWith("&&", i) || text.startsWith("||", i)) {
      push();
      commands.push([]);
      i += c === ";" ? 1 : 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in ${text}`);
      word = (word ?? "") + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      word ??= "";
      i++;
      while (text[i] !== '"') {
        if (i >= text.length) throw new Error(`unclosed " in ${text}`);
        if (text[i] === "\\" && i + 1 < text.length) {
          word += text[i + 1];
          i += 2;
        } else if (text[i] === "$") {
          const [value, next] = variable(i);
          word += value;
          i = next;
        } else {
          word += text[i++];
        }
      }
      i++;
    } else if (c === "$") {
      const [value, next] = variable(i);
      word = (word ?? "") + value;
      i = next;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  push();
  return commands.filter((c) => c.length > 0);
}

/**
 * The `deno run` command of task `name`, with the variables its text names
 * taken from `env` (a name missing from `env` is an error, never an empty
 * string).
 */
export function taskCommand(name: string, env: Record<string, string> = {}): TaskCommand {
  const text = readTasks()[name];
  if (text === undefined) throw new Error(`deno.json has no task ${name}`);
  const runs = parseTaskText(text, env).filter((c) => c[0] === "deno" && c[1] === "run");
  if (runs.length !== 1) throw new Error(`task ${name} must hold one deno run command`);
  const words = runs[0].slice(2);
  const entryAt = words.findIndex((w) => !w.startsWith("-"));
  if (entryAt < 0) throw new Error(`task ${name} names no entry point`);
  return {
    flags: words.slice(0, entryAt),
    entry: words[entryAt],
    args: words.slice(entryAt + 1),
  };
}

/**
 * Spawns task `name` as its `deno run` command would: same flags, entry point
 * and arguments (plus `extraArgs` after them, and `extraFlags` before the
 * entry point: a test's own `--preload`), from the repository root. The child's
 * environment is this process's without any `KOPEK_*` variable, plus `env`,
 * which also supplies the variables the task's text names.
 */
export function spawnTask(
  name: string,
  env: Record<string, string>,
  options: { extraArgs?: readonly string[]; extraFlags?: readonly string[] } = {},
): Deno.ChildProcess {
  const { flags, entry, args } = taskCommand(name, env);
  const inherited = Object.fromEntries(
    Object.entries(Deno.env.toObject()).filter(([key]) => !key.startsWith("KOPEK_")),
  );
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...flags,
      ...(options.extraFlags ?? []),
      entry,
      ...args,
      ...(options.extraArgs ?? []),
    ],
    cwd: REPO_ROOT,
    clearEnv: true,
    env: { ...inherited, ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}
